package dev.kairos.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code aggregations:} in feature views: names, types, and every mistake with its position. */
class AggregationDefinitionsTest {
  static final String FILE = "features/fraud.yaml";
  static final String BASE =
      """
      entities:
        - name: user
          join_keys: [user_id]
          value_type: INT64
      sources:
        - name: transactions
          timestamp_field: event_timestamp
          fields:
            - {name: user_id, type: INT64}
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
            - {name: event_timestamp, type: TIMESTAMP}
      feature_views:
        - name: user_windows
          entities: [user]
          source: transactions
          aggregations:
            - {column: amount, function: sum, windows: [10m, 1h, lifetime]}
            - {column: amount, function: count, windows: [1d]}
            - {column: country, function: count_distinct, windows: [1d12h]}
            - {column: event_timestamp, function: last, windows: [30d], name: last_txn_ts}
      feature_services:
        - name: fraud_v1
          features: [user_windows:amount_sum_1h, user_windows:last_txn_ts]
      """;

  static Definitions parse(String yaml) {
    return DefinitionsLoader.parse("fraud", FILE, yaml);
  }

  static void assertFails(String yaml, String expected) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(DefinitionsException.class)
        .hasMessage(expected);
  }

  static String with(String from, String to) {
    assertThat(BASE).contains(from);
    return BASE.replace(from, to);
  }

  @Test
  void aggregations_becomeOneFeaturePerWindow_namedAndTypedByTheirFunction() {
    var view = parse(BASE).view("user_windows").orElseThrow();
    assertThat(view.features()).isEmpty();
    assertThat(view.aggregations())
        .containsExactly(
            new Aggregation(
                "amount_sum_10m",
                "amount",
                AggregationFunction.SUM,
                Window.of(Duration.ofMinutes(10)),
                ValueType.DOUBLE),
            new Aggregation(
                "amount_sum_1h",
                "amount",
                AggregationFunction.SUM,
                Window.of(Duration.ofHours(1)),
                ValueType.DOUBLE),
            new Aggregation(
                "amount_sum_lifetime",
                "amount",
                AggregationFunction.SUM,
                Window.LIFETIME,
                ValueType.DOUBLE),
            new Aggregation(
                "amount_count_1d",
                "amount",
                AggregationFunction.COUNT,
                Window.of(Duration.ofDays(1)),
                ValueType.INT64),
            new Aggregation(
                "country_count_distinct_1d12h",
                "country",
                AggregationFunction.COUNT_DISTINCT,
                Window.of(Duration.ofHours(36)),
                ValueType.INT64),
            new Aggregation(
                "last_txn_ts",
                "event_timestamp",
                AggregationFunction.LAST,
                Window.of(Duration.ofDays(30)),
                ValueType.TIMESTAMP));
  }

  @Test
  void aggregationsAndPlainFeatures_mayShareAView_andServicesReferToBoth() {
    Definitions d =
        parse(
            with(
                "    aggregations:\n",
                "    features: [{name: country, type: STRING}]\n    aggregations:\n"));
    assertThat(d.view("user_windows").orElseThrow().fields()).hasSize(7);
    assertThat(d.resolve(java.util.List.of(FeatureRef.parse("user_windows:*"))))
        .extracting(FeatureRef::name)
        .startsWith("country", "amount_sum_10m");
  }

  @Test
  void unknownColumn_suggestsTheNearestField() {
    assertFails(
        with("{column: amount, function: count", "{column: amont, function: count"),
        "features/fraud.yaml:19:18: aggregation column 'amont' of feature view 'user_windows' is not"
            + " a field of source 'transactions'; did you mean 'amount'? (its fields: user_id,"
            + " amount, country, event_timestamp)");
  }

  @Test
  void functionNotValidForTheColumnsType_saysWhichTypesItTakes() {
    assertFails(
        with("{column: country, function: count_distinct", "{column: country, function: avg"),
        "features/fraud.yaml:20:37: function avg of feature view 'user_windows' cannot aggregate"
            + " column 'country' of type STRING; avg takes INT32, INT64, FLOAT or DOUBLE");
  }

  @Test
  void unknownFunction_suggestsTheNearest() {
    assertFails(
        with("function: sum,", "function: summ,"),
        "features/fraud.yaml:18:36: unknown aggregation function 'summ' in feature view"
            + " 'user_windows'; did you mean 'sum'? (functions: count, sum, avg, min, max, first,"
            + " last, count_distinct, stddev)");
  }

  @Test
  void badWindows_zeroTooLongOrUnparseable_areEachReported_allAtOnce() {
    assertFails(
        with("[10m, 1h, lifetime]", "[0, 91d, 1x, 90d]"),
        "features/fraud.yaml:18:51: window '0' in feature view 'user_windows' covers no events;"
            + " write a duration like 30s, 10m, 1h, 7d or 1d12h (at most 90d), or lifetime for"
            + " every event\n"
            + "features/fraud.yaml:18:54: window '91d' in feature view 'user_windows' is longer than"
            + " the limit of 90d; use a shorter window, or lifetime for every event\n"
            + "features/fraud.yaml:18:59: bad window '1x' in feature view 'user_windows'; write a"
            + " duration like 30s, 10m, 1h, 7d or 1d12h (at most 90d), or lifetime for every event");
  }

  @Test
  void nameWithSeveralWindows_isRejected() {
    assertFails(
        with("windows: [30d], name: last_txn_ts", "windows: [1d, 30d], name: last_txn_ts"),
        "features/fraud.yaml:21:77: name 'last_txn_ts' of an aggregation in feature view"
            + " 'user_windows' can only name one window, but the entry lists 2; remove name (the"
            + " features are then called event_timestamp_<function>_<window>) or write one entry"
            + " per window\n"
            + "features/fraud.yaml:24:44: feature service 'fraud_v1' references unknown feature"
            + " 'last_txn_ts' of view 'user_windows'; its features: amount_sum_10m, amount_sum_1h,"
            + " amount_sum_lifetime, amount_count_1d, country_count_distinct_1d12h,"
            + " event_timestamp_last_1d, event_timestamp_last_30d");
  }

  @Test
  void duplicateNames_betweenAggregations_andWithPlainFeatures_areReported() {
    assertFails(
        with(
                "    aggregations:\n",
                "    features: [{name: country, type: STRING}]\n    aggregations:\n")
            .replace("windows: [1d12h]", "windows: [1d12h, 36h]")
            .replace("name: last_txn_ts", "name: country")
            .replace(", user_windows:last_txn_ts", ""),
        "features/fraud.yaml:21:70: duplicate feature 'country_count_distinct_1d12h' in feature"
            + " view 'user_windows' (first declared at line 21:63); rename or remove one\n"
            + "features/fraud.yaml:22:73: duplicate feature 'country' in feature view"
            + " 'user_windows' (first declared at line 17:23); rename or remove one");
  }

  @Test
  void severalMistakes_inOneView_areReportedTogether() {
    String yaml =
        with("{column: amount, function: count", "{column: amont, function: count")
            .replace("function: sum,", "function: median,")
            .replace("[1d12h]", "[100d]");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(DefinitionsException.class)
        .satisfies(e -> assertThat(((DefinitionsException) e).errors()).hasSize(3));
  }
}
