package dev.kairos.core.online;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small project: users, drivers, three views and a service. */
final class ServingFixtures {
  private ServingFixtures() {}

  static final Entity USER = new Entity("user", List.of("user_id"), ValueType.INT64, "");
  static final Entity DRIVER = new Entity("driver", List.of("driver_id"), ValueType.STRING, "");

  static final Source USER_SOURCE =
      new Source(
          "user_events",
          "user_events",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("created", ValueType.TIMESTAMP),
              new Field("clicks", ValueType.INT64),
              new Field("score", ValueType.DOUBLE),
              new Field("name", ValueType.STRING)),
          "ts",
          "created",
          "",
          null);

  static final Source TRIP_SOURCE =
      new Source(
          "trips",
          "trips",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("driver_id", ValueType.STRING),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("count", ValueType.INT32)),
          "ts",
          null,
          "",
          null);

  static final FeatureView USER_STATS =
      view(
          "user_stats",
          List.of("user"),
          "user_events",
          Duration.ofHours(1),
          true,
          new Field("clicks", ValueType.INT64),
          new Field("score", ValueType.DOUBLE));

  static final FeatureView USER_PROFILE =
      view(
          "user_profile",
          List.of("user"),
          "user_events",
          Duration.ZERO,
          true,
          new Field("name", ValueType.STRING),
          new Field("score", ValueType.DOUBLE));

  static final FeatureView TRIPS =
      view(
          "trips",
          List.of("user", "driver"),
          "trips",
          Duration.ZERO,
          true,
          new Field("count", ValueType.INT32));

  static final FeatureView OFFLINE_ONLY =
      view(
          "offline_only",
          List.of("user"),
          "user_events",
          Duration.ZERO,
          false,
          new Field("clicks", ValueType.INT64));

  static final FeatureService RANKING =
      new FeatureService(
          "ranking",
          List.of(new FeatureRef("user_stats", "*"), new FeatureRef("user_profile", "name")),
          "");

  static final Definitions DEFS =
      new Definitions(
          "shop",
          List.of(USER, DRIVER),
          List.of(USER_SOURCE, TRIP_SOURCE),
          List.of(USER_STATS, USER_PROFILE, TRIPS, OFFLINE_ONLY),
          List.of(RANKING));

  static FeatureView view(
      String name,
      List<String> entities,
      String source,
      Duration ttl,
      boolean online,
      Field... features) {
    return new FeatureView(
        name, entities, source, ttl, List.of(features), online, Map.of(), "", "");
  }
}
