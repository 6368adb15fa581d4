package dev.kairos.server;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.predict.Predictor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One project: users with stats (TTL one day) and a risk score (no TTL). User 1001 is fresh, 1002
 * has a null name, 1003 is older than the TTL, 1004 is unknown.
 */
final class TestData {
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static final Instant FRESH = Instant.parse("2026-11-01T11:00:00Z");
  static final Instant STALE = Instant.parse("2026-10-30T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestData() {}

  static Definitions definitions() {
    return definitions(List.of());
  }

  /** The project, with extra features added to user_stats (for hot-reload tests). */
  static Definitions definitions(List<Field> extraStats) {
    Entity user = new Entity("user", List.of("user_id"), ValueType.INT64, "a customer");
    Source src =
        new Source(
            "user_events",
            "user_events",
            List.of(new Field("user_id", ValueType.INT64), new Field("ts", ValueType.TIMESTAMP)),
            "ts",
            null,
            null,
            null);
    List<Field> stats =
        new java.util.ArrayList<>(
            List.of(
                new Field("age", ValueType.INT32),
                new Field("score", ValueType.DOUBLE),
                new Field("ratio", ValueType.FLOAT),
                new Field("name", ValueType.STRING),
                new Field("active", ValueType.BOOL),
                new Field("visits", ValueType.INT64),
                new Field("tags", ValueType.STRING_LIST),
                new Field("last_seen", ValueType.TIMESTAMP)));
    stats.addAll(extraStats);
    FeatureView userStats =
        new FeatureView(
            "user_stats",
            List.of("user"),
            "user_events",
            Duration.ofDays(1),
            stats,
            true,
            Map.of("team", "risk"),
            "ana",
            "per-user stats");
    FeatureView userRisk =
        new FeatureView(
            "user_risk",
            List.of("user"),
            "user_events",
            Duration.ZERO,
            List.of(new Field("risk", ValueType.DOUBLE)),
            true,
            Map.of(),
            "",
            "");
    FeatureService scoring =
        new FeatureService(
            "scoring",
            List.of(
                new FeatureRef("user_stats", "age"),
                new FeatureRef("user_stats", "score"),
                new FeatureRef("user_risk", "*")),
            "model v1");
    return new Definitions(
        "shop", List.of(user), List.of(src), List.of(userStats, userRisk), List.of(scoring));
  }

  static FixedDataReader reader(Definitions defs) {
    Map<String, Object> ada = new HashMap<>();
    ada.put("age", 36);
    ada.put("score", 0.75);
    ada.put("ratio", 0.5f);
    ada.put("name", "Ada");
    ada.put("active", true);
    ada.put("visits", 12L);
    ada.put("tags", List.of("vip", "early"));
    ada.put("last_seen", Instant.parse("2026-11-01T10:30:00Z"));
    Map<String, Object> nameless = new HashMap<>(ada);
    nameless.put("name", null);
    return new FixedDataReader(defs, CLOCK)
        .put("user_stats", List.of(1001L), FRESH, ada)
        .put("user_stats", List.of(1002L), FRESH, nameless)
        .put("user_stats", List.of(1003L), STALE, ada)
        .put("user_risk", List.of(1001L), STALE, Map.of("risk", 0.1))
        .put("user_risk", List.of(1002L), FRESH, Map.of("risk", 0.9));
  }

  /** A started server on a free loopback port serving the test project. */
  static KairosServer server() {
    return server(ReadMode.BLOCKING_POOL);
  }

  /** The same, reading where {@code mode} says. */
  static KairosServer server(ReadMode mode) {
    return builder(mode).build().start();
  }

  /** The same, scoring transactions with {@code predictor}. */
  static KairosServer server(Predictor predictor) {
    return builder(ReadMode.BLOCKING_POOL).predictor(predictor).build().start();
  }

  /** A builder for agent tests: requests other than the agent's time out after 1 s. */
  static KairosServer.Builder builderForAgent() {
    return builder(ReadMode.BLOCKING_POOL).requestTimeout(Duration.ofSeconds(1));
  }

  private static KairosServer.Builder builder(ReadMode mode) {
    Definitions defs = definitions();
    return KairosServer.builder()
        .host("127.0.0.1")
        .port(0)
        .readMode(mode)
        .reader(reader(defs))
        .definitions(() -> defs)
        .clock(CLOCK)
        .maxEntityRows(100);
  }
}
