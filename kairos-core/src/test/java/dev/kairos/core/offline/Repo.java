package dev.kairos.core.offline;

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

/** Definitions shared by the offline end-to-end tests: users, merchants and their transactions. */
final class Repo {
  private Repo() {}

  static final Source TRANSACTIONS =
      new Source(
          "transactions",
          "transactions",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("amount", ValueType.DOUBLE),
              new Field("event_ts", ValueType.TIMESTAMP),
              new Field("created_ts", ValueType.TIMESTAMP)),
          "event_ts",
          "created_ts",
          "",
          null);

  static final Source MERCHANTS =
      new Source(
          "merchant_stats",
          "merchant_stats",
          List.of(
              new Field("merchant_id", ValueType.STRING),
              new Field("amount", ValueType.DOUBLE),
              new Field("event_ts", ValueType.TIMESTAMP)),
          "event_ts",
          null,
          "",
          null);

  static Definitions definitions() {
    FeatureView user =
        new FeatureView(
            "user_tx",
            List.of("user"),
            "transactions",
            Duration.ofHours(1),
            List.of(new Field("amount", ValueType.DOUBLE)),
            true,
            Map.of(),
            "",
            "");
    FeatureView merchant =
        new FeatureView(
            "merchant_tx",
            List.of("merchant"),
            "merchant_stats",
            Duration.ZERO,
            List.of(new Field("amount", ValueType.DOUBLE)),
            true,
            Map.of(),
            "",
            "");
    return new Definitions(
        "test",
        List.of(
            new Entity("user", List.of("user_id"), ValueType.INT64, ""),
            new Entity("merchant", List.of("merchant_id"), ValueType.STRING, "")),
        List.of(TRANSACTIONS, MERCHANTS),
        List.of(user, merchant),
        List.of(
            new FeatureService(
                "fraud",
                List.of(new FeatureRef("user_tx", "*"), new FeatureRef("merchant_tx", "*")),
                "")));
  }
}
