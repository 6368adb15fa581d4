package dev.kairos.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code on_demand_views:}: request fields, expression features, and their references. */
class OnDemandDefinitionsTest {
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
          features: [{name: country, type: STRING}]
          aggregations:
            - {column: amount, function: avg, windows: [30d]}
      on_demand_views:
        - name: txn_request
          description: Computed from the transaction being scored.
          request:
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
          features:
            - name: amount_vs_avg_30d
              type: DOUBLE
              expression: request.amount / user_windows.amount_avg_30d
            - {name: is_foreign, type: BOOL, expression: "request.country != user_windows.country"}
            - {name: is_night, type: BOOL, expression: "request_time.getHours() < 6"}
      feature_services:
        - name: fraud_v1
          features: [user_windows:amount_avg_30d, txn_request:amount_vs_avg_30d, txn_request:is_night]
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
  void onDemandView_isReadWithItsRequestFieldsAndExpressions() {
    Definitions d = parse(BASE);
    assertThat(d.onDemandView("txn_request").orElseThrow())
        .isEqualTo(
            new OnDemandFeatureView(
                "txn_request",
                List.of(
                    new Field("amount", ValueType.DOUBLE), new Field("country", ValueType.STRING)),
                List.of(
                    new ExpressionFeature(
                        "amount_vs_avg_30d",
                        ValueType.DOUBLE,
                        "request.amount / user_windows.amount_avg_30d"),
                    new ExpressionFeature(
                        "is_foreign", ValueType.BOOL, "request.country != user_windows.country"),
                    new ExpressionFeature(
                        "is_night", ValueType.BOOL, "request_time.getHours() < 6")),
                "Computed from the transaction being scored."));
    assertThat(d.resolveService("fraud_v1"))
        .containsExactly(
            FeatureRef.parse("user_windows:amount_avg_30d"),
            FeatureRef.parse("txn_request:amount_vs_avg_30d"),
            FeatureRef.parse("txn_request:is_night"));
  }

  @Test
  void unknownViewOrFeature_inAnExpression_isReportedWhereItIsWritten() {
    assertFails(
        with(
                "request.amount / user_windows.amount_avg_30d",
                "request.amount / user_window.amount_avg_3d")
            .replace(
                "request.country != user_windows.country",
                "request.country != user_windows.contry"),
        "features/fraud.yaml:29:38: the expression of feature 'amount_vs_avg_30d' of on-demand view"
            + " 'txn_request' reads unknown feature view 'user_window'; did you mean 'user_windows'?"
            + " (write request.<field>, request_time or <view>.<feature>; known views:"
            + " user_windows)\n"
            + "features/fraud.yaml:30:72: the expression of feature 'is_foreign' of on-demand view"
            + " 'txn_request' reads unknown feature 'contry' of view 'user_windows'; did you mean"
            + " 'country'? (its features: country, amount_avg_30d)");
  }

  @Test
  void unknownRequestField_isReported_butNamesInsideStringLiteralsAreNot() {
    assertFails(
        with(
            "request.country != user_windows.country",
            "request.merchant == 'user_windows.nothing' || request.country == \\\"a.b\\\""),
        "features/fraud.yaml:30:53: the expression of feature 'is_foreign' of on-demand view"
            + " 'txn_request' reads request.merchant, which on-demand view 'txn_request' does not"
            + " declare; add it to request:, whose fields are amount, country");
  }

  @Test
  void readingAnotherOnDemandView_isRejected() {
    assertFails(
        with("request_time.getHours() < 6", "txn_request.is_foreign"),
        "features/fraud.yaml:31:51: the expression of feature 'is_night' of on-demand view"
            + " 'txn_request' reads unknown feature view 'txn_request'; an expression can read"
            + " feature views only, not other on-demand views");
  }

  @Test
  void servicesReferencingOnDemandFeatures_areChecked() {
    assertFails(
        with("txn_request:is_night]", "txn_request:is_nite, txn_requests:is_night]"),
        "features/fraud.yaml:34:76: feature service 'fraud_v1' references unknown feature"
            + " 'is_nite' of on-demand view 'txn_request'; its features: amount_vs_avg_30d,"
            + " is_foreign, is_night\n"
            + "features/fraud.yaml:34:97: feature service 'fraud_v1' references unknown feature view"
            + " 'txn_requests'; did you mean 'txn_request'? (known views: user_windows,"
            + " txn_request)");
  }

  @Test
  void duplicates_andNameClashesWithFeatureViews_areReported() {
    assertFails(
        with("- name: txn_request\n", "- name: user_windows\n")
            .replace(
                "{name: country, type: STRING}\n    features:",
                "{name: amount, type: DOUBLE}\n    features:")
            .replace("name: is_night", "name: is_foreign")
            .replace(", txn_request:amount_vs_avg_30d, txn_request:is_night", ""),
        "features/fraud.yaml:21:11: on-demand view 'user_windows' has the name of a feature view"
            + " (declared at features/fraud.yaml:14:11); references are view:feature, so rename"
            + " one\n"
            + "features/fraud.yaml:25:16: duplicate request field 'amount' in on-demand view"
            + " 'user_windows' (first declared at line 24:16); rename or remove one\n"
            + "features/fraud.yaml:30:53: the expression of feature 'is_foreign' of on-demand view"
            + " 'user_windows' reads request.country, which on-demand view 'user_windows' does not"
            + " declare; add it to request:, whose fields are amount\n"
            + "features/fraud.yaml:31:16: duplicate feature 'is_foreign' in on-demand view"
            + " 'user_windows' (first declared at line 30:16); rename or remove one");
  }

  @Test
  void missingExpressionOrType_isReported() {
    assertFails(
        with(
            "{name: is_night, type: BOOL, expression: \"request_time.getHours() < 6\"}",
            "{name: is_night}"),
        "features/fraud.yaml:31:9: on-demand view 'txn_request' feature 'is_night' is missing"
            + " required key 'expression' (a CEL expression such as \"request.amount > 100.0\")\n"
            + "features/fraud.yaml:31:9: on-demand view 'txn_request' feature 'is_night' is missing"
            + " required key 'type' (one of INT32, INT64, FLOAT, DOUBLE, STRING, BOOL, BYTES,"
            + " TIMESTAMP, INT32_LIST, INT64_LIST, FLOAT_LIST, DOUBLE_LIST, STRING_LIST, BOOL_LIST,"
            + " BYTES_LIST, TIMESTAMP_LIST)\n"
            + "features/fraud.yaml:34:76: feature service 'fraud_v1' references unknown feature"
            + " 'is_night' of on-demand view 'txn_request'; its features: amount_vs_avg_30d,"
            + " is_foreign");
  }

  @Test
  void expressionTypeProblems_areReportedAtTheirFeaturesExpression_oneFeatureAtATime() {
    List<String> seen = new java.util.ArrayList<>();
    ExpressionCheck.Checker fake =
        (view, defs) -> {
          assertThat(view.features()).hasSize(1);
          assertThat(defs.view("user_windows")).isPresent();
          String name = view.features().get(0).name();
          seen.add(name);
          return name.equals("is_night")
              ? List.of("found no matching overload for '_<_' applied to '(int, string)'")
              : List.of();
        };

    assertThatThrownBy(() -> DefinitionsLoader.parse("fraud", java.util.Map.of(FILE, BASE), fake))
        .isInstanceOf(DefinitionsException.class)
        .hasMessage(
            "features/fraud.yaml:31:51: found no matching overload for '_<_' applied to '(int,"
                + " string)'");
    assertThat(seen).containsExactly("amount_vs_avg_30d", "is_foreign", "is_night");
  }

  @Test
  void celTypeErrors_areReportedByTheLoader_atTheExpression() {
    assertThatThrownBy(
            () -> parse(with("request_time.getHours() < 6", "request_time.getHours() < 'six'")))
        .isInstanceOf(DefinitionsException.class)
        .hasMessageStartingWith(
            "features/fraud.yaml:31:51: feature 'txn_request:is_night': found no matching overload"
                + " for '_<_' applied to '(int, string)'");
  }

  @Test
  void aResultTypeThatDiffersFromTheDeclaredOne_isReportedByTheLoader() {
    String yaml = with("type: DOUBLE\n        expression:", "type: INT64\n        expression:");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(DefinitionsException.class)
        .hasMessageContaining("is declared INT64 (CEL int) but its expression gives double");
  }

  @Test
  void expressionTypeCheck_runsOnlyOnOtherwiseValidDefinitions() {
    ExpressionCheck.Checker failing =
        (view, defs) -> {
          throw new AssertionError("must not run when other problems were found");
        };
    assertThatThrownBy(
            () ->
                DefinitionsLoader.parse(
                    "fraud",
                    java.util.Map.of(FILE, with("request_time.getHours() < 6", "nosuch.x")),
                    failing))
        .isInstanceOf(DefinitionsException.class)
        .hasMessageContaining("reads unknown feature view 'nosuch'");
  }

  @Test
  void withoutStrings_blanksLiteralContents_keepingOffsets() {
    assertThat(OnDemandValidator.withoutStrings("a.b == 'x.y' && \"p\\\"q.r\""))
        .isEqualTo("a.b == '   ' && \"      \"");
  }
}
