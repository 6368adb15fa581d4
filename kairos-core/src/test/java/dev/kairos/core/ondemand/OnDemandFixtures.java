package dev.kairos.core.ondemand;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Users with a profile and windowed transaction aggregates, and a request-time risk view. */
public final class OnDemandFixtures {
  private OnDemandFixtures() {}

  public static final Entity USER = new Entity("user", List.of("user_id"), ValueType.INT64, "");

  public static final List<Field> REQUEST =
      List.of(
          new Field("amount", ValueType.DOUBLE),
          new Field("country", ValueType.STRING),
          new Field("quantity", ValueType.INT64));

  public static final Source PROFILES =
      new Source(
          "profiles",
          "profiles",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("home_country", ValueType.STRING),
              new Field("age", ValueType.INT32)),
          "ts",
          null,
          "",
          null);

  public static final Source TXNS =
      new Source(
          "txns",
          "txns",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("amount", ValueType.DOUBLE)),
          "ts",
          null,
          "",
          null);

  public static final Source STATS =
      new Source(
          "stats",
          "stats",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("amount_avg", ValueType.DOUBLE),
              new Field("txn_count", ValueType.INT64)),
          "ts",
          null,
          "",
          null);

  /** Plain features an online test can store directly; values expire after a day. */
  public static final FeatureView USER_STATS =
      new FeatureView(
          "user_stats",
          List.of("user"),
          "stats",
          Duration.ofDays(1),
          List.of(
              new Field("amount_avg", ValueType.DOUBLE), new Field("txn_count", ValueType.INT64)),
          true,
          Map.of(),
          "",
          "");

  /** Like {@link #TXN_RISK}, over plain features. */
  public static final OnDemandFeatureView PLAIN_RISK =
      new OnDemandFeatureView(
          "plain_risk",
          REQUEST,
          List.of(
              new ExpressionFeature(
                  "amount_ratio", ValueType.DOUBLE, "request.amount / user_stats.amount_avg"),
              new ExpressionFeature("night", ValueType.BOOL, "getHours(request_time) < 6"),
              new ExpressionFeature(
                  "foreign", ValueType.BOOL, "request.country != user_profile.home_country"),
              new ExpressionFeature(
                  "per_txn", ValueType.INT64, "request.quantity / user_stats.txn_count")),
          "");

  public static final FeatureView USER_PROFILE =
      new FeatureView(
          "user_profile",
          List.of("user"),
          "profiles",
          Duration.ZERO,
          List.of(new Field("home_country", ValueType.STRING), new Field("age", ValueType.INT32)),
          true,
          Map.of(),
          "",
          "");

  public static final FeatureView USER_TXN_WINDOWS =
      new FeatureView(
          "user_txn_windows",
          List.of("user"),
          "txns",
          Duration.ZERO,
          List.of(),
          true,
          Map.of(),
          "",
          "",
          List.of(
              new Aggregation(
                  "amount_avg_30d",
                  "amount",
                  AggregationFunction.AVG,
                  dev.kairos.api.Window.of(Duration.ofDays(30)),
                  ValueType.DOUBLE),
              new Aggregation(
                  "txn_count_1h",
                  "amount",
                  AggregationFunction.COUNT,
                  dev.kairos.api.Window.of(Duration.ofHours(1)),
                  ValueType.INT64)));

  public static final OnDemandFeatureView TXN_RISK =
      new OnDemandFeatureView(
          "txn_risk",
          REQUEST,
          List.of(
              new ExpressionFeature(
                  "amount_ratio",
                  ValueType.DOUBLE,
                  "request.amount / user_txn_windows.amount_avg_30d"),
              new ExpressionFeature("night", ValueType.BOOL, "getHours(request_time) < 6"),
              new ExpressionFeature(
                  "foreign", ValueType.BOOL, "request.country != user_profile.home_country"),
              new ExpressionFeature(
                  "per_txn", ValueType.INT64, "request.quantity / user_txn_windows.txn_count_1h")),
          "");

  public static Definitions defs(OnDemandFeatureView... views) {
    return new Definitions(
        "fraud",
        List.of(USER),
        List.of(PROFILES, TXNS, STATS),
        List.of(USER_PROFILE, USER_TXN_WINDOWS, USER_STATS),
        List.of(),
        List.of(views));
  }

  public static OnDemandFeatureView view(ValueType type, String expression) {
    return new OnDemandFeatureView(
        "checks", REQUEST, List.of(new ExpressionFeature("f", type, expression)), "");
  }
}
