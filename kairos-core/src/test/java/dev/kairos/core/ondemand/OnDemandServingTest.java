package dev.kairos.core.ondemand;

import static dev.kairos.core.ondemand.OnDemandFixtures.PLAIN_RISK;
import static dev.kairos.core.ondemand.OnDemandFixtures.USER_PROFILE;
import static dev.kairos.core.ondemand.OnDemandFixtures.USER_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.spi.OnlineRow;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OnDemandServingTest {
  static final Instant NOW = Instant.parse("2024-06-01T03:00:00Z");
  static final OnDemandFeatureView BROKEN =
      new OnDemandFeatureView(
          "broken",
          List.of(),
          List.of(new ExpressionFeature("x", ValueType.INT64, "nope + 1")),
          "");
  static final OnDemandFeatureView REQUEST_ONLY =
      new OnDemandFeatureView(
          "request_only",
          OnDemandFixtures.REQUEST,
          List.of(new ExpressionFeature("big", ValueType.BOOL, "request.amount > 100.0")),
          "");
  static final Definitions DEFS =
      new Definitions(
          "fraud",
          OnDemandFixtures.defs().entities(),
          OnDemandFixtures.defs().sources(),
          OnDemandFixtures.defs().views(),
          List.of(
              new FeatureService(
                  "scoring",
                  List.of(
                      FeatureRef.parse("plain_risk:*"), FeatureRef.parse("user_stats:txn_count")),
                  "")),
          List.of(PLAIN_RISK, BROKEN, REQUEST_ONLY));

  final InMemoryOnlineStore store = new InMemoryOnlineStore();
  final OnlineServingEngine engine =
      new OnlineServingEngine(() -> DEFS, store, Clock.fixed(NOW, ZoneOffset.UTC), 100);

  @BeforeEach
  void storeRows() {
    store.multiPut(
        USER_STATS,
        List.of(
            row(1L, NOW.minusSeconds(60), 50.0, 2L),
            row(2L, NOW.minusSeconds(60), 0.0, 0L),
            row(3L, NOW.minus(Duration.ofDays(2)), 10.0, 1L)));
    store.multiPut(
        USER_PROFILE,
        List.of(row(1L, NOW.minusSeconds(60), "DE", 41), row(2L, NOW.minusSeconds(60), "FR", 30)));
  }

  static OnlineRow row(long user, Instant event, Object... values) {
    return new OnlineRow(EntityKey.of(user), values, event, null);
  }

  static OnlineQuery query(List<String> refs, Map<String, List<Object>> request, Object... users) {
    return new OnlineQuery(
        refs.stream().map(FeatureRef::parse).toList(),
        null,
        Map.of("user_id", Arrays.asList(users)),
        false,
        request);
  }

  static Map<String, List<Object>> request(List<Object> amounts, List<Object> countries) {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    m.put("amount", amounts);
    m.put("country", countries);
    m.put(
        "quantity",
        Arrays.asList(new Object[amounts.size()]).stream().map(x -> (Object) 7L).toList());
    return m;
  }

  static List<Object> values(OnlineResult r, int column) {
    return Arrays.asList(r.columns().get(column).values());
  }

  static List<FieldStatus> statuses(OnlineResult r, int column) {
    return Arrays.asList(r.columns().get(column).statuses());
  }

  @Test
  void get_evaluatesEachEntityRow_fromRequestData_theClock_andTheFeaturesRead() {
    OnlineResult r =
        engine.get(
            query(
                List.of("plain_risk:*"),
                request(List.of(150.0, 10.0), List.of("FR", "FR")),
                1L,
                2L));

    assertThat(r.names()).containsExactly("user_id", "amount_ratio", "night", "foreign", "per_txn");
    assertThat(values(r, 0)).containsExactly(1L, 2L);
    assertThat(values(r, 1)).containsExactly(3.0, null);
    assertThat(statuses(r, 1)).containsExactly(FieldStatus.PRESENT, FieldStatus.NULL_VALUE);
    assertThat(values(r, 2)).containsExactly(true, true);
    assertThat(values(r, 3)).containsExactly(true, false);
    assertThat(values(r, 4)).containsExactly(3L, null);
    assertThat(r.columns().get(1).type()).isEqualTo(ValueType.DOUBLE);
    assertThat(r.columns().get(1).eventTimestamps()).containsExactly(NOW, NOW);
  }

  @Test
  void get_keepsRequestOrder_andReturnsOnlyRequestedFeatures() {
    OnlineResult r =
        engine.get(
            query(
                List.of("user_profile:age", "plain_risk:amount_ratio", "user_stats:txn_count"),
                request(List.of(150.0), List.of("FR")),
                1L));

    assertThat(r.names()).containsExactly("user_id", "age", "amount_ratio", "txn_count");
    assertThat(values(r, 1)).containsExactly(41);
    assertThat(values(r, 2)).containsExactly(3.0);
    assertThat(values(r, 3)).containsExactly(2L);
  }

  @Test
  void get_givesNullValue_forANullRequestValue_aMissingEntity_andAStaleInput() {
    OnlineResult r =
        engine.get(
            query(
                List.of("plain_risk:amount_ratio", "plain_risk:foreign"),
                request(Arrays.asList(null, 150.0, 150.0), List.of("FR", "FR", "FR")),
                1L,
                3L,
                9L));

    assertThat(values(r, 1)).containsExactly(null, null, null);
    assertThat(statuses(r, 1)).containsOnly(FieldStatus.NULL_VALUE);
    assertThat(values(r, 2)).containsExactly(true, null, null);
  }

  @Test
  void get_ofAService_evaluatesItsRequestTimeFeatures() {
    OnlineResult r =
        engine.get(
            new OnlineQuery(
                List.of(),
                "scoring",
                Map.of("user_id", List.of(1L)),
                true,
                request(List.of(100.0), List.of("DE"))));

    assertThat(r.names())
        .containsExactly(
            "user_id",
            "plain_risk__amount_ratio",
            "plain_risk__night",
            "plain_risk__foreign",
            "plain_risk__per_txn",
            "user_stats__txn_count");
    assertThat(values(r, 1)).containsExactly(2.0);
    assertThat(values(r, 3)).containsExactly(false);
  }

  @Test
  void getAsync_givesTheSameAnswer() throws Exception {
    OnlineQuery q =
        query(List.of("plain_risk:*"), request(List.of(150.0, 1.0), List.of("FR", "DE")), 1L, 2L);

    OnlineResult sync = engine.get(q);
    OnlineResult async = engine.getAsync(q).get();

    assertThat(async.names()).isEqualTo(sync.names());
    for (int c = 0; c < sync.columns().size(); c++) {
      assertThat(values(async, c)).isEqualTo(values(sync, c));
      assertThat(statuses(async, c)).isEqualTo(statuses(sync, c));
    }
  }

  @Test
  void get_withoutARequiredRequestField_isAUserErrorNamingIt() {
    Map<String, List<Object>> partial = new LinkedHashMap<>(request(List.of(1.0), List.of("FR")));
    partial.remove("country");

    assertThatThrownBy(() -> engine.get(query(List.of("plain_risk:foreign"), partial, 1L)))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "missing request field 'country' needed by request-time view 'plain_risk'; request"
                + " data given: amount, quantity")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
    assertThat(engine.getAsync(query(List.of("plain_risk:foreign"), partial, 1L)))
        .isCompletedExceptionally();
    assertThat(values(engine.get(query(List.of("plain_risk:night"), partial, 1L)), 1))
        .containsExactly(true);
  }

  @Test
  void get_withARequestValueOfTheWrongType_isAUserError() {
    assertThatThrownBy(
            () ->
                engine.get(
                    query(
                        List.of("plain_risk:amount_ratio"),
                        request(List.of("lots"), List.of("FR")),
                        1L)))
        .hasMessage(
            "request field 'amount' expects DOUBLE values; entity row 0 (0-based): 'lots' is not a"
                + " DOUBLE");
  }

  @Test
  void get_parsesTextRequestValues_asInEntityFiles() {
    OnlineResult r =
        engine.get(
            query(List.of("plain_risk:amount_ratio"), request(List.of("150"), List.of("FR")), 1L));

    assertThat(values(r, 1)).containsExactly(3.0);
  }

  @Test
  void get_withRequestDataOfAnotherLength_isAUserError() {
    assertThatThrownBy(
            () ->
                engine.get(
                    query(
                        List.of("plain_risk:amount_ratio"),
                        request(List.of(1.0, 2.0), List.of("FR", "FR")),
                        1L)))
        .hasMessage(
            "request field 'amount' has 2 values for 1 entity rows; give one value per entity row");
  }

  @Test
  void get_ofAViewThatDoesNotCompile_isAUserError() {
    assertThatThrownBy(() -> engine.get(query(List.of("broken:x"), Map.of(), 1L)))
        .hasMessage(
            "request-time view 'broken' does not compile: feature 'broken:x': unknown name 'nope'");
  }

  @Test
  void get_ofFeaturesReadingOnlyRequestData_readsNoStore() {
    OnlineResult r =
        engine.get(
            query(
                List.of("request_only:big"),
                request(List.of(150.0, 5.0), List.of("FR", "FR")),
                1L,
                2L));

    assertThat(r.names()).containsExactly("user_id", "big");
    assertThat(values(r, 0)).containsExactly(1L, 2L);
    assertThat(values(r, 1)).containsExactly(true, false);
  }

  @Test
  void get_withoutRequestTimeFeatures_isUnchanged() {
    OnlineResult r = engine.get(query(List.of("user_stats:txn_count"), Map.of(), 1L));

    assertThat(r.names()).containsExactly("user_id", "txn_count");
    assertThat(values(r, 1)).containsExactly(2L);
  }
}
