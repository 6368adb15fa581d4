package dev.kairos.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.Window;
import dev.kairos.core.definitions.DefinitionsLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry storage and plans of aggregations and on-demand views. */
class AggregationRegistryTest {
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
            - {name: fee, type: DOUBLE}
            - {name: country, type: STRING}
            - {name: event_timestamp, type: TIMESTAMP}
      feature_views:
        - name: user_windows
          entities: [user]
          source: transactions
          aggregations:
            - {column: amount, function: sum, windows: [1h, lifetime]}
            - {column: amount, function: avg, windows: [30d], name: amount_avg}
            - {column: country, function: count_distinct, windows: [1d]}
      on_demand_views:
        - name: txn_request
          request: [{name: amount, type: DOUBLE}]
          features:
            - {name: amount_ratio, type: DOUBLE, expression: "request.amount / user_windows.amount_avg"}
            - {name: is_big, type: BOOL, expression: "request.amount > 1000.0"}
      feature_services:
        - name: fraud_v1
          features: [user_windows:amount_avg, user_windows:amount_sum_1h, txn_request:amount_ratio]
      """;

  @TempDir Path dir;

  Registry registry() {
    return new Registry(
        FileRegistryStore.open(dir.resolve("registry")),
        "fraud",
        Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
  }

  static Definitions defs(String yaml) {
    return DefinitionsLoader.parse("fraud", "features/f.yaml", yaml);
  }

  static Definitions base(String from, String to) {
    assertThat(BASE).contains(from);
    return defs(BASE.replace(from, to));
  }

  @Test
  void definitionsJson_roundTripsAggregationsAndOnDemandViews_asFormat2() {
    Definitions d = defs(BASE);
    String json = DefinitionsJson.write(d);
    assertThat(json).startsWith("{\n  \"format\" : 2,");
    assertThat(DefinitionsJson.read(json)).isEqualTo(d);
    assertThat(DefinitionsJson.write(DefinitionsJson.read(json))).isEqualTo(json);
    assertThat(
            DefinitionsJson.toJson(d.view("user_windows").orElseThrow())
                .get("aggregations")
                .get(0)
                .toString())
        .isEqualTo(
            "{\"name\":\"amount_sum_1h\",\"column\":\"amount\",\"function\":\"sum\",\"window\":\"1h\",\"type\":\"DOUBLE\"}");
    assertThat(DefinitionsJson.toJson(d.onDemandView("txn_request").orElseThrow()).toString())
        .isEqualTo(
            "{\"name\":\"txn_request\",\"description\":\"\",\"request\":[{\"name\":\"amount\",\"type\":\"DOUBLE\"}],"
                + "\"features\":[{\"name\":\"amount_ratio\",\"type\":\"DOUBLE\",\"expression\":\"request.amount / user_windows.amount_avg\"},"
                + "{\"name\":\"is_big\",\"type\":\"BOOL\",\"expression\":\"request.amount > 1000.0\"}]}");
  }

  @Test
  void definitionsWithoutEither_areStillWrittenAsFormat1_andAFormat1FileReads() {
    String format1 =
        """
        {
          "format" : 1,
          "project" : "fraud",
          "entities" : [ {"name" : "user", "join_keys" : [ "user_id" ], "value_type" : "INT64", "description" : ""} ],
          "sources" : [ {"name" : "transactions", "table" : "transactions", "timestamp_field" : "event_timestamp",
                         "description" : "", "fields" : [ {"name" : "user_id", "type" : "INT64"},
                         {"name" : "amount", "type" : "DOUBLE"}, {"name" : "event_timestamp", "type" : "TIMESTAMP"} ]} ],
          "feature_views" : [ {"name" : "user_stats", "entities" : [ "user" ], "source" : "transactions", "ttl" : "7d",
                               "online" : true, "owner" : "", "tags" : { }, "description" : "",
                               "features" : [ {"name" : "amount", "type" : "DOUBLE"} ]} ],
          "feature_services" : [ {"name" : "fraud_v1", "features" : [ "user_stats:amount" ], "description" : ""} ]
        }
        """;
    Definitions d = DefinitionsJson.read(format1);
    assertThat(d.view("user_stats").orElseThrow().aggregations()).isEmpty();
    assertThat(d.onDemandViews()).isEmpty();
    assertThat(DefinitionsJson.write(d)).startsWith("{\n  \"format\" : 1,");
  }

  @Test
  void windowLabels_readBack_includingMicroseconds() {
    for (Window w :
        new Window[] {
          Window.LIFETIME,
          Window.of(Duration.ofSeconds(1)),
          Window.of(Duration.ofHours(36)),
          Window.of(Duration.ofDays(90)),
          Window.of(Duration.ofMinutes(1).plusNanos(5000)),
          Window.of(Duration.ofNanos(7000))
        }) {
      assertThat(DefinitionsJson.window(w.label())).isEqualTo(w);
    }
  }

  @Test
  void plan_onAnEmptyRegistry_addsTheOnDemandView() {
    assertThat(registry().plan(defs(BASE)).render())
        .isEqualTo(
            """
            + entity user
            + source transactions
            + view user_windows
            + on-demand view txn_request
            + service fraud_v1
            Plan: 5 to add, 0 to change, 0 to remove.
            """);
  }

  @Test
  void changingAnAggregationsColumnFunctionOrWindow_isBreaking_fieldByField() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        base(
            "{column: amount, function: avg, windows: [30d], name: amount_avg}",
            "{column: fee, function: max, windows: [7d], name: amount_avg}");
    Plan plan = r.plan(next);
    assertThat(plan.render())
        .isEqualTo(
            """
            ~ view user_windows: aggregation amount_avg column amount -> fee  [breaking: changes the values of an existing feature]
            ~ view user_windows: aggregation amount_avg function avg -> max  [breaking: changes the values of an existing feature]
            ~ view user_windows: aggregation amount_avg window 30d -> 7d  [breaking: changes the values of an existing feature]
            Plan: 0 to add, 1 to change, 0 to remove, 1 breaking.
            """);
    assertThatThrownBy(() -> r.apply(next, false))
        .isInstanceOf(KairosException.class)
        .hasMessageContaining("apply refused: 3 breaking changes");
    assertThat(r.apply(next, true).version()).isEqualTo(2);
  }

  @Test
  void addingAWindow_isNotBreaking_butRemovingAUsedOneIs() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Plan plan =
        r.plan(
            defs(
                BASE.replace("windows: [1h, lifetime]", "windows: [10m, lifetime]")
                    .replace(" user_windows:amount_sum_1h,", "")));
    assertThat(plan.render())
        .isEqualTo(
            """
            ~ view user_windows: + aggregation amount_sum_10m sum(amount) over 10m DOUBLE
            ~ view user_windows: - aggregation amount_sum_1h sum(amount) over 1h DOUBLE  [breaking: used by feature service 'fraud_v1']
            ~ service fraud_v1: features [user_windows:amount_avg, user_windows:amount_sum_1h, txn_request:amount_ratio] -> [user_windows:amount_avg, txn_request:amount_ratio]
            Plan: 0 to add, 2 to change, 0 to remove, 1 breaking.
            """);
  }

  @Test
  void unusedAggregationRemoval_andChangedTypeOfAnExpression_arePlannedFieldByField() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        defs(
            BASE.replace("windows: [1d]}", "windows: [1d], name: countries_1d}")
                .replace("request.amount > 1000.0", "request.amount > 500.0"));
    assertThat(r.plan(next).render())
        .isEqualTo(
            """
            ~ view user_windows: + aggregation countries_1d count_distinct(country) over 1d INT64
            ~ view user_windows: - aggregation country_count_distinct_1d count_distinct(country) over 1d INT64
            ~ on-demand view txn_request: feature is_big expression request.amount > 1000.0 -> request.amount > 500.0  [breaking: changes the values of an existing feature]
            Plan: 0 to add, 2 to change, 0 to remove, 1 breaking.
            """);
  }

  @Test
  void onDemandChanges_newRequestFieldOfAUsedView_andRemovedUsedFeature_areBreaking() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        defs(
            BASE.replace(
                    "request: [{name: amount, type: DOUBLE}]",
                    "request: [{name: amount, type: DOUBLE}, {name: country, type: STRING}]")
                .replace(
                    "{name: amount_ratio, type: DOUBLE, expression: \"request.amount / user_windows.amount_avg\"}",
                    "{name: is_home, type: BOOL, expression: \"request.country == 'US'\"}")
                .replace(", txn_request:amount_ratio]", "]"));
    assertThat(r.plan(next).breakingLines())
        .containsExactly(
            "~ on-demand view txn_request: + request field country STRING  [breaking: requests without it are rejected; the view is used by feature service 'fraud_v1']",
            "~ on-demand view txn_request: - feature amount_ratio DOUBLE = request.amount / user_windows.amount_avg  [breaking: used by feature service 'fraud_v1']");
  }

  @Test
  void removingAnOnDemandViewAServiceUses_isBreaking() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    String without =
        BASE.substring(0, BASE.indexOf("on_demand_views:"))
            + BASE.substring(BASE.indexOf("feature_services:"))
                .replace(", txn_request:amount_ratio", "");
    assertThat(r.plan(defs(without)).breakingLines())
        .containsExactly(
            "- on-demand view txn_request  [breaking: used by feature service 'fraud_v1']");
  }
}
