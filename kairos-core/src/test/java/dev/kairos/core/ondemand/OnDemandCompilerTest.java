package dev.kairos.core.ondemand;

import static dev.kairos.core.ondemand.OnDemandFixtures.TXN_RISK;
import static dev.kairos.core.ondemand.OnDemandFixtures.defs;
import static dev.kairos.core.ondemand.OnDemandFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnDemandCompilerTest {
  static final Instant NIGHT = Instant.parse("2024-06-01T03:15:00Z");

  static Map<String, Object> row() {
    Map<String, Object> in = new HashMap<>();
    in.put("request.amount", 150.0);
    in.put("request.country", "FR");
    in.put("request.quantity", 7L);
    in.put("request_time", NIGHT);
    in.put("user_txn_windows.amount_avg_30d", 50.0);
    in.put("user_txn_windows.txn_count_1h", 2L);
    in.put("user_profile.home_country", "DE");
    in.put("user_profile.age", 41);
    return in;
  }

  static Object eval(ValueType type, String expression) {
    return OnDemandCompiler.compile(view(type, expression), defs()).evaluate(row())[0];
  }

  static List<String> problems(ValueType type, String expression) {
    OnDemandFeatureView v = view(type, expression);
    return OnDemandCompiler.check(v, defs(v));
  }

  @Test
  void check_acceptsTheDocumentedExamples() {
    assertThat(OnDemandCompiler.check(TXN_RISK, defs(TXN_RISK))).isEmpty();
  }

  @Test
  void evaluate_computesEveryFeatureInDeclarationOrder() {
    CompiledView v = OnDemandCompiler.compile(TXN_RISK, defs(TXN_RISK));

    assertThat(v.evaluate(row())).containsExactly(3.0, true, true, 3L);
    assertThat(v.inputs().stream().map(Input::variable))
        .containsExactlyInAnyOrder(
            "request.amount",
            "user_txn_windows.amount_avg_30d",
            "request_time",
            "request.country",
            "user_profile.home_country",
            "request.quantity",
            "user_txn_windows.txn_count_1h");
    assertThat(v.inputs())
        .filteredOn(i -> i.feature() != null)
        .extracting(Input::feature)
        .contains(new FeatureRef("user_profile", "home_country"));
  }

  @Test
  void check_reportsAnUnknownRequestField_withASuggestion() {
    assertThat(problems(ValueType.DOUBLE, "request.amout * 2.0"))
        .containsExactly(
            "feature 'checks:f': unknown name 'request.amout'; did you mean 'request.amount'?"
                + " (request fields: amount, country, quantity)");
  }

  @Test
  void check_reportsAnUnknownFeature_withASuggestion() {
    assertThat(problems(ValueType.DOUBLE, "request.amount / user_txn_windows.amount_avg_3d"))
        .containsExactly(
            "feature 'checks:f': unknown name 'user_txn_windows.amount_avg_3d'; did you mean"
                + " 'user_txn_windows.amount_avg_30d'?");
  }

  @Test
  void check_reportsAResultTypeMismatch() {
    assertThat(problems(ValueType.INT64, "request.amount * 2.0"))
        .containsExactly(
            "feature 'checks:f': is declared INT64 (CEL int) but its expression gives double");
  }

  @Test
  void check_reportsATypeError_withItsColumn() {
    assertThat(problems(ValueType.DOUBLE, "request.amount + 1"))
        .singleElement()
        .asString()
        .startsWith("feature 'checks:f': found no matching overload for '_+_' applied to")
        .endsWith("(at column 16 of 'request.amount + 1')");
  }

  @Test
  void check_reportsASyntaxError() {
    assertThat(problems(ValueType.BOOL, "request.amount >"))
        .singleElement()
        .asString()
        .startsWith("feature 'checks:f': ");
  }

  @Test
  void check_reportsOneProblemPerBadExpression() {
    OnDemandFeatureView v =
        new OnDemandFeatureView(
            "multi",
            OnDemandFixtures.REQUEST,
            List.of(
                new ExpressionFeature("ok", ValueType.DOUBLE, "request.amount"),
                new ExpressionFeature("bad_type", ValueType.STRING, "request.amount"),
                new ExpressionFeature("bad_name", ValueType.STRING, "request.countryy")),
            "");

    assertThat(OnDemandCompiler.check(v, defs(v)))
        .containsExactly(
            "feature 'multi:bad_type': is declared STRING (CEL string) but its expression gives"
                + " double",
            "feature 'multi:bad_name': unknown name 'request.countryy'; did you mean"
                + " 'request.country'? (request fields: amount, country, quantity)");
  }

  @Test
  void compile_throwsAUserError_listingTheProblems() {
    assertThatThrownBy(() -> OnDemandCompiler.compile(view(ValueType.BOOL, "nope > 1"), defs()))
        .isInstanceOf(KairosException.class)
        .hasMessage("feature 'checks:f': unknown name 'nope'")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  @ParameterizedTest(name = "{1} = {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "DOUBLE ; request.amount / user_txn_windows.amount_avg_30d ; 3.0",
        "DOUBLE ; request.amount * 2.0 - 0.5                       ; 299.5",
        "INT64  ; request.quantity % 4                             ; 3",
        "INT64  ; -request.quantity                                ; -7",
        "INT32  ; user_profile.age + 1                             ; 42",
        "BOOL   ; request.amount >= 150.0 && request.quantity < 8  ; true",
        "BOOL   ; !(request.amount > 100.0) || false               ; false",
        "BOOL   ; request.country in ['FR', 'ES']                  ; true",
        "BOOL   ; request.country == 'FR' ? true : false           ; true",
        "STRING ; request.country + '-' + user_profile.home_country ; FR-DE",
        "INT64  ; size(request.country)                            ; 2",
        "BOOL   ; request.country.startsWith('F')                  ; true",
        "BOOL   ; request.country.matches('^[A-Z]{2}$')            ; true",
        "DOUBLE ; double(request.quantity) / 2.0                   ; 3.5",
        "INT64  ; int(request.amount)                              ; 150",
        "STRING ; string(request.quantity)                         ; 7",
        "INT64  ; getHours(request_time)                           ; 3",
        "INT64  ; request_time.getHours()                          ; 3",
        "INT64  ; getHours(request_time, 'Asia/Tokyo')             ; 12",
        "INT64  ; getMinutes(request_time)                         ; 15",
        "INT64  ; getDayOfWeek(request_time)                       ; 6",
        "INT64  ; getFullYear(request_time)                        ; 2024",
        "INT64  ; getMonth(request_time)                           ; 5",
        "INT64  ; getDate(request_time)                            ; 1",
        "BOOL   ; getHours(request_time) < 6                       ; true",
        "INT64  ; int(request_time)                                ; 1717211700",
        "TIMESTAMP ; request_time + duration('1h')                 ; 2024-06-01T04:15:00Z",
        "BOOL   ; [1, 2, 3].exists(x, x == request.quantity % 4)   ; true",
        "INT64  ; [1, 2, 3].map(x, x * request.quantity)[2]        ; 21",
      })
  void evaluate_supportsTheOperatorsAndFunctions(ValueType type, String expression, String want) {
    Object got = eval(type, expression);
    assertThat(String.valueOf(got)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{1} is null")
  @CsvSource(
      delimiter = '|',
      value = {
        "INT64  | request.quantity / 0",
        "INT64  | request.quantity % 0",
        "INT64  | request.quantity * 9223372036854775807",
        "DOUBLE | request.amount / 0.0",
        "DOUBLE | (request.amount - 150.0) / 0.0",
        "INT32  | user_profile.age * 100000000",
        "INT64  | getHours(request_time, 'Mars/Olympus')",
        "INT64  | [1, 2][request.quantity]",
        "INT64  | int('x' + request.country)",
      })
  void evaluate_givesNull_whenEvaluationFailsOrTheResultDoesNotFit(
      ValueType type, String expression) {
    assertThat(eval(type, expression)).isNull();
  }

  @Test
  void evaluate_givesNull_whenAnInputIsNull_evenIfTheExpressionWouldNotNeedIt() {
    CompiledView v =
        OnDemandCompiler.compile(
            view(ValueType.BOOL, "request.amount > 0.0 || user_profile.age > 18"), defs());
    Map<String, Object> in = row();
    in.put("user_profile.age", null);

    assertThat(v.evaluate(in)).containsExactly((Object) null);
  }

  @Test
  void evaluate_convertsListsAndBytes() {
    OnDemandFeatureView lists =
        new OnDemandFeatureView(
            "lists",
            List.of(
                new dev.kairos.api.Field("tags", ValueType.STRING_LIST),
                new dev.kairos.api.Field("blob", ValueType.BYTES)),
            List.of(
                new ExpressionFeature(
                    "n", ValueType.INT64, "size(request.tags) + size(request.blob)"),
                new ExpressionFeature(
                    "first", ValueType.STRING_LIST, "request.tags.filter(t, t != 'b')"),
                new ExpressionFeature("b", ValueType.BYTES, "request.blob + b'!'")),
            "");
    CompiledView v = OnDemandCompiler.compile(lists, defs(lists));

    Object[] out =
        v.evaluate(
            Map.of("request.tags", List.of("a", "b", "c"), "request.blob", new byte[] {1, 2}));

    assertThat(out[0]).isEqualTo(5L);
    assertThat(out[1]).isEqualTo(List.of("a", "c"));
    assertThat((byte[]) out[2]).containsExactly(1, 2, '!');
  }
}
