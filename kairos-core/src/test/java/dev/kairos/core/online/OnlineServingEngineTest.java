package dev.kairos.core.online;

import static dev.kairos.core.online.ServingFixtures.DEFS;
import static dev.kairos.core.online.ServingFixtures.TRIPS;
import static dev.kairos.core.online.ServingFixtures.USER_PROFILE;
import static dev.kairos.core.online.ServingFixtures.USER_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OnlineServingEngineTest {
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  final InMemoryOnlineStore store = new InMemoryOnlineStore();
  final OnlineServingEngine engine =
      new OnlineServingEngine(() -> DEFS, store, Clock.fixed(NOW, ZoneOffset.UTC), 100);

  @BeforeEach
  void storeRows() {
    store.multiPut(
        USER_STATS,
        List.of(
            row(1L, NOW.minusSeconds(60), 10L, 0.5),
            row(2L, NOW.minus(Duration.ofHours(1)), 20L, null),
            row(3L, NOW.minus(Duration.ofHours(1)).minusNanos(1000), 30L, 1.5)));
    store.multiPut(USER_PROFILE, List.of(row(1L, NOW.minus(Duration.ofDays(400)), "ana", 9.0)));
    store.multiPut(
        TRIPS, List.of(new OnlineRow(EntityKey.of(1L, "d7"), new Object[] {4}, NOW, null)));
  }

  static OnlineRow row(long user, Instant event, Object... values) {
    return new OnlineRow(EntityKey.of(user), values, event, null);
  }

  static OnlineQuery query(List<String> refs, Map<String, List<Object>> entities) {
    return new OnlineQuery(refs.stream().map(FeatureRef::parse).toList(), null, entities, false);
  }

  static Map<String, List<Object>> users(Object... ids) {
    Map<String, List<Object>> m = new LinkedHashMap<>();
    m.put("user_id", Arrays.asList(ids));
    return m;
  }

  @Test
  void get_returnsJoinKeysFirst_thenFeaturesInRequestOrder_withStatusPerValue() {
    OnlineResult r =
        engine.get(query(List.of("user_stats:score", "user_profile:name"), users(1L, 2L, 3L, 4L)));

    assertThat(r.names()).containsExactly("user_id", "score", "name");
    OnlineResult.Column ids = r.columns().get(0);
    assertThat(ids.type()).isEqualTo(ValueType.INT64);
    assertThat(ids.values()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(ids.statuses()).containsOnly(FieldStatus.PRESENT);

    OnlineResult.Column score = r.columns().get(1);
    assertThat(score.type()).isEqualTo(ValueType.DOUBLE);
    assertThat(score.values()).containsExactly(0.5, null, 1.5, null);
    assertThat(score.statuses())
        .containsExactly(
            FieldStatus.PRESENT,
            FieldStatus.NULL_VALUE,
            FieldStatus.OUTSIDE_MAX_AGE,
            FieldStatus.NOT_FOUND);
    assertThat(score.eventTimestamps())
        .containsExactly(
            NOW.minusSeconds(60),
            NOW.minus(Duration.ofHours(1)),
            NOW.minus(Duration.ofHours(1)).minusNanos(1000),
            null);

    OnlineResult.Column name = r.columns().get(2);
    assertThat(name.values()).containsExactly("ana", null, null, null);
    assertThat(name.statuses())
        .as("a view without TTL never expires")
        .containsExactly(
            FieldStatus.PRESENT,
            FieldStatus.NOT_FOUND,
            FieldStatus.NOT_FOUND,
            FieldStatus.NOT_FOUND);
  }

  @Test
  void getAsync_readsThroughMultiGetAsync_andAnswersAsGetDoes() throws Exception {
    ExecutorService storeThread = Executors.newSingleThreadExecutor();
    try {
      OnlineServingEngine async =
          new OnlineServingEngine(
              () -> DEFS, asyncOnly(storeThread), Clock.fixed(NOW, ZoneOffset.UTC), 100);
      OnlineQuery q =
          query(
              List.of("user_stats:score", "user_profile:name", "user_stats:clicks"),
              users(1L, 2L, 3L, 4L));

      OnlineResult got = async.getAsync(q).get(10, TimeUnit.SECONDS);

      OnlineResult expected = engine.get(q);
      assertThat(got.names()).isEqualTo(expected.names());
      for (int c = 0; c < expected.columns().size(); c++) {
        assertThat(got.columns().get(c).values()).isEqualTo(expected.columns().get(c).values());
        assertThat(got.columns().get(c).statuses()).isEqualTo(expected.columns().get(c).statuses());
        assertThat(got.columns().get(c).eventTimestamps())
            .isEqualTo(expected.columns().get(c).eventTimestamps());
      }
      assertThatThrownBy(() -> async.getAsync(query(List.of("user_stats:nope"), users(1L))).join())
          .hasCauseInstanceOf(KairosException.class)
          .hasMessageContaining("unknown feature 'nope' in view 'user_stats'");
    } finally {
      storeThread.shutdownNow();
    }
  }

  /** The test store, answering only asynchronously and on another thread. */
  private OnlineStore asyncOnly(ExecutorService thread) {
    return new OnlineStore() {
      @Override
      public void multiPut(FeatureView view, List<OnlineRow> rows) {
        store.multiPut(view, rows);
      }

      @Override
      public List<Boolean> multiPutIfUnchanged(
          FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
        return store.multiPutIfUnchanged(view, rows, expected);
      }

      @Override
      public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
        throw new AssertionError("the asynchronous path must not wait in multiGet");
      }

      @Override
      public CompletableFuture<List<OnlineRow>> multiGetAsync(
          FeatureView view, List<EntityKey> keys) {
        return CompletableFuture.supplyAsync(() -> store.multiGet(view, keys), thread);
      }

      @Override
      public void deleteView(FeatureView view) {
        store.deleteView(view);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void get_withFullFeatureNames_namesColumnsViewDoubleUnderscoreFeature() {
    OnlineResult r =
        engine.get(
            new OnlineQuery(
                List.of(
                    FeatureRef.parse("user_stats:score"), FeatureRef.parse("user_profile:score")),
                null,
                users(1L),
                true));

    assertThat(r.names()).containsExactly("user_id", "user_stats__score", "user_profile__score");
    assertThat(r.columns().get(2).values()).containsExactly(9.0);
  }

  @Test
  void get_byService_expandsWildcards() {
    OnlineResult r = engine.get(new OnlineQuery(List.of(), "ranking", users(1L), false));

    assertThat(r.names()).containsExactly("user_id", "clicks", "score", "name");
    assertThat(r.columns().get(1).values()).containsExactly(10L);
  }

  @Test
  void get_byService_namesEachTimeByTheRequestedNaming() {
    OnlineQuery short1 = new OnlineQuery(List.of(), "ranking", users(1L), false);
    OnlineQuery full = new OnlineQuery(List.of(), "ranking", users(2L), true);

    engine.get(short1);
    assertThat(engine.get(full).names())
        .containsExactly(
            "user_id", "user_stats__clicks", "user_stats__score", "user_profile__name");
    assertThat(engine.get(short1).names()).containsExactly("user_id", "clicks", "score", "name");
  }

  @Test
  void get_nullInOneFeature_leavesTheOtherFeaturesOfItsRowPresent() {
    OnlineResult r =
        engine.get(query(List.of("user_stats:score", "user_stats:clicks"), users(1L, 2L, 4L)));

    assertThat(r.columns().get(1).statuses())
        .containsExactly(FieldStatus.PRESENT, FieldStatus.NULL_VALUE, FieldStatus.NOT_FOUND);
    assertThat(r.columns().get(2).statuses())
        .containsExactly(FieldStatus.PRESENT, FieldStatus.PRESENT, FieldStatus.NOT_FOUND);
    assertThat(r.columns().get(2).eventTimestamps())
        .containsExactly(NOW.minusSeconds(60), NOW.minus(Duration.ofHours(1)), null);
  }

  @Test
  void get_withCompositeKeys_echoesEveryJoinKey() {
    Map<String, List<Object>> entities = new LinkedHashMap<>(users(1L, 1L));
    entities.put("driver_id", List.of("d7", "d8"));

    OnlineResult r = engine.get(query(List.of("trips:count"), entities));

    assertThat(r.names()).containsExactly("user_id", "driver_id", "count");
    assertThat(r.columns().get(2).values()).containsExactly(4, null);
    assertThat(r.columns().get(2).statuses())
        .containsExactly(FieldStatus.PRESENT, FieldStatus.NOT_FOUND);
  }

  @Test
  void get_acceptsIntegerValuesForInt64JoinKeys() {
    OnlineResult r = engine.get(query(List.of("user_stats:clicks"), users(1, (short) 2)));

    assertThat(r.columns().get(0).values()).containsExactly(1L, 2L);
    assertThat(r.columns().get(1).values()).containsExactly(10L, 20L);
  }

  @Test
  void get_ignoresEntityColumnsNoViewNeeds() {
    Map<String, List<Object>> entities = new LinkedHashMap<>(users(1L));
    entities.put("session", List.of("s1"));

    assertThat(engine.get(query(List.of("user_stats:clicks"), entities)).names())
        .containsExactly("user_id", "clicks");
  }

  @Test
  void get_rejectsUnknownView() {
    assertUserError(
        query(List.of("nope:x"), users(1L)),
        "unknown feature view 'nope' in reference 'nope:x'; known views: user_stats,"
            + " user_profile, trips, offline_only");
  }

  @Test
  void get_rejectsUnknownFeature() {
    assertUserError(
        query(List.of("user_stats:nope"), users(1L)),
        "unknown feature 'nope' in view 'user_stats'; its features: clicks, score");
  }

  @Test
  void get_rejectsUnknownService() {
    assertUserError(
        new OnlineQuery(List.of(), "nope", users(1L), false),
        "unknown feature service 'nope'; known services: ranking");
  }

  @Test
  void get_rejectsServiceTogetherWithFeatures() {
    assertUserError(
        new OnlineQuery(
            List.of(FeatureRef.parse("user_stats:clicks")), "ranking", users(1L), false),
        "give either feature references or a feature service, not both (service 'ranking')");
  }

  @Test
  void get_rejectsRequestWithoutFeatures() {
    assertUserError(
        query(List.of(), users(1L)), "no features requested; give feature references or a service");
  }

  @Test
  void get_rejectsMissingJoinKey() {
    assertUserError(
        query(List.of("trips:count"), users(1L)),
        "missing join key 'driver_id' needed by view 'trips'; given: user_id");
  }

  @Test
  void get_rejectsStringForInt64JoinKey() {
    assertUserError(
        query(List.of("user_stats:clicks"), users(1L, "2")),
        "join key 'user_id' expects INT64 values, but entity row 1 (0-based) has String '2'");
  }

  @Test
  void get_rejectsNullJoinKey() {
    assertUserError(
        query(List.of("user_stats:clicks"), users(1L, null)),
        "join key 'user_id' is null in entity row 1 (0-based); give a value");
  }

  @Test
  void get_rejectsEmptyEntityList() {
    assertUserError(
        query(List.of("user_stats:clicks"), users()),
        "no entity rows given; give at least one value per join key");
    assertUserError(
        query(List.of("user_stats:clicks"), Map.of()),
        "no entity rows given; give at least one value per join key");
  }

  @Test
  void get_rejectsMoreRowsThanTheLimit() {
    List<Object> ids = new ArrayList<>();
    for (long i = 0; i < 101; i++) {
      ids.add(i);
    }
    assertUserError(
        query(List.of("user_stats:clicks"), Map.of("user_id", ids)),
        "101 entity rows exceed the limit of 100 per request; split it");
  }

  @Test
  void get_rejectsColumnsOfUnequalLength() {
    Map<String, List<Object>> entities = new LinkedHashMap<>(users(1L, 2L));
    entities.put("driver_id", List.of("d7"));

    assertUserError(
        query(List.of("trips:count"), entities),
        "entity column 'driver_id' has 1 values but 'user_id' has 2; every join key needs one"
            + " value per entity row");
  }

  @Test
  void get_rejectsClashingShortNames() {
    assertUserError(
        query(List.of("user_stats:score", "user_profile:score"), users(1L)),
        "result column 'score' of 'user_profile:score' clashes with 'user_stats:score'; request"
            + " each feature once and use full feature names when names repeat");
  }

  @Test
  void get_readsDefinitionsAtEveryRequest() {
    List<dev.kairos.api.Definitions> current = new ArrayList<>(List.of(DEFS));
    OnlineServingEngine reloading =
        new OnlineServingEngine(() -> current.get(0), store, Clock.fixed(NOW, ZoneOffset.UTC), 5);
    current.set(0, dev.kairos.api.Definitions.empty("shop"));

    assertUserError(
        reloading,
        query(List.of("user_stats:clicks"), users(1L)),
        "unknown feature view 'user_stats' in reference 'user_stats:clicks'; known views: (none)");
  }

  @Test
  void constructor_rejectsNonPositiveLimit() {
    assertThatThrownBy(() -> new OnlineServingEngine(() -> DEFS, store, Clock.systemUTC(), 0))
        .hasMessage("maxEntities must be positive, got 0");
  }

  private void assertUserError(OnlineQuery q, String message) {
    assertUserError(engine, q, message);
  }

  private static void assertUserError(OnlineServingEngine e, OnlineQuery q, String message) {
    assertThatThrownBy(() -> e.get(q))
        .isInstanceOfSatisfying(
            KairosException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(message);
  }
}
