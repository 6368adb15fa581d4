package dev.kairos.core.online;

import static dev.kairos.core.online.ServingFixtures.DEFS;
import static dev.kairos.core.online.ServingFixtures.OFFLINE_ONLY;
import static dev.kairos.core.online.ServingFixtures.USER_PROFILE;
import static dev.kairos.core.online.ServingFixtures.USER_SOURCE;
import static dev.kairos.core.online.ServingFixtures.USER_STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.core.registry.FileRegistryStore;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializerTest {
  static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
  static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");

  @TempDir Path dir;
  DuckDbOfflineStore offline;
  FileRegistryStore registry;
  final InMemoryOnlineStore online = new InMemoryOnlineStore();
  final List<String> events = new ArrayList<>();
  final ProgressListener recorder =
      new ProgressListener() {
        @Override
        public void viewStarted(String view, Instant start, Instant end) {
          events.add("start " + view + " " + start + " " + end);
        }

        @Override
        public void rowsWritten(String view, long rows) {
          events.add("rows " + view + " " + rows);
        }

        @Override
        public void viewFinished(String view, long rows) {
          events.add("done " + view + " " + rows);
        }

        @Override
        public void viewSkipped(String view, String reason) {
          events.add("skip " + view + ": " + reason);
        }
      };

  @BeforeEach
  void open() {
    offline = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "");
    registry = FileRegistryStore.open(dir.resolve("registry"));
    offline.ensureTable(USER_SOURCE);
    ingest(
        event(1, T1, T1, 1, 0.1, "a1"),
        event(1, T2, T2, 2, 0.2, "a2"),
        event(2, T1, T1, 5, null, "b1"),
        event(2, T1, T1.plusSeconds(1), 6, 0.6, "b1-corrected"),
        event(3, T3, T3, 9, 0.9, "c3"));
  }

  @AfterEach
  void close() {
    offline.close();
    registry.close();
  }

  static Object[] event(
      long user, Instant ts, Instant created, long clicks, Double score, String name) {
    return new Object[] {user, ts, created, clicks, score, name};
  }

  void ingest(Object[]... rows) {
    offline.append(USER_SOURCE, List.of(rows).iterator());
  }

  @Test
  void materialize_whenTheOnlineStoreFails_throwsItsError_andStoresNoWatermark() {
    KairosException down = KairosException.unavailable("online store down", null);
    OnlineStore failing =
        new OnlineStore() {
          int calls;

          @Override
          public void multiPut(FeatureView view, List<OnlineRow> rows) {
            if (++calls == 2) {
              throw down;
            }
            online.multiPut(view, rows);
          }

          @Override
          public List<Boolean> multiPutIfUnchanged(
              FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
            if (++calls == 2) {
              throw down;
            }
            return online.multiPutIfUnchanged(view, rows, expected);
          }

          @Override
          public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
            return online.multiGet(view, keys);
          }

          @Override
          public void deleteView(FeatureView view) {
            online.deleteView(view);
          }

          @Override
          public void close() {}
        };
    Materializer m =
        new Materializer(DEFS, offline, failing, registry, Clock.fixed(T3, ZoneOffset.UTC), 1);
    assertThatThrownBy(() -> m.materialize(T1, T3, List.of("user_stats"), recorder)).isSameAs(down);
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "user_stats")).isEmpty();
    assertThat(registry.get(Materializer.LAST_RUN_NAMESPACE, "user_stats")).isEmpty();
    assertThat(events).doesNotContain("done user_stats 3");
  }

  @Test
  void materialize_recordsEachViewsLastRun_intervalRowsAndFinishTime() {
    materializer(1).materialize(T1, T2, List.of("user_stats"), recorder);
    long rows = materializer(1).materialize(T1, T1, List.of("user_stats"), recorder).rows();

    assertThat(registry.get(Materializer.LAST_RUN_NAMESPACE, "user_stats"))
        .contains(
            "{\"start\":\""
                + T1
                + "\",\"end\":\""
                + T1
                + "\",\"rows\":"
                + rows
                + ",\"finished_at\":\""
                + T3
                + "\"}");
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "user_stats"))
        .as("an earlier interval leaves the watermark")
        .contains(T2.toString());
  }

  Materializer materializer(int batchSize) {
    return new Materializer(
        DEFS, offline, online, registry, Clock.fixed(T3, ZoneOffset.UTC), batchSize);
  }

  List<Object> clicks(FeatureView view, long... users) {
    List<EntityKey> keys = new ArrayList<>();
    for (long u : users) {
      keys.add(EntityKey.of(u));
    }
    List<Object> out = new ArrayList<>();
    for (OnlineRow r : online.multiGet(view, keys)) {
      out.add(r == null ? null : r.values()[0]);
    }
    return out;
  }

  @Test
  void materialize_writesLatestRowPerEntityInTheInterval_andStoresWatermark() {
    MaterializationSummary s = materializer(1).materialize(T1, T2, List.of("user_stats"), recorder);

    assertThat(clicks(USER_STATS, 1, 2, 3)).containsExactly(2L, 6L, null);
    assertThat(s.rows()).isEqualTo(2);
    assertThat(s.views())
        .extracting(MaterializationSummary.ViewRun::view)
        .containsExactly("user_stats");
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "user_stats"))
        .contains("2024-01-02T00:00:00Z");
    assertThat(events)
        .containsExactly(
            "start user_stats 2024-01-01T00:00:00Z 2024-01-02T00:00:00Z",
            "rows user_stats 1",
            "rows user_stats 1",
            "done user_stats 2");
  }

  @Test
  void materialize_ofEveryOnlineView_skipsOfflineOnlyViews_whenNamed() {
    MaterializationSummary all = materializer(100).materialize(T1, T3, null, recorder);
    MaterializationSummary named =
        materializer(100).materialize(T1, T3, List.of("offline_only"), recorder);

    assertThat(all.views())
        .extracting(MaterializationSummary.ViewRun::view)
        .containsExactly("user_stats", "user_profile", "trips");
    assertThat(named.views()).isEmpty();
    assertThat(events).contains("skip offline_only: the view is not online (online: false)");
    assertThat(online.size(OFFLINE_ONLY)).isZero();
    assertThat(online.size(USER_PROFILE)).isEqualTo(3);
  }

  @Test
  void materialize_ofOlderInterval_neverOverwritesNewerValues_norRewindsWatermark() {
    materializer(100).materialize(T1, T3, List.of("user_stats"), recorder);
    materializer(100).materialize(T1, T1, List.of("user_stats"), recorder);

    assertThat(clicks(USER_STATS, 1, 2, 3)).containsExactly(2L, 6L, 9L);
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "user_stats"))
        .contains("2024-01-03T00:00:00Z");
  }

  @Test
  void materialize_rerun_isHarmless() {
    materializer(2).materialize(T1, T3, null, recorder);
    List<Object> first = clicks(USER_STATS, 1, 2, 3);
    materializer(2).materialize(T1, T3, null, recorder);

    assertThat(clicks(USER_STATS, 1, 2, 3)).isEqualTo(first).containsExactly(2L, 6L, 9L);
  }

  @Test
  void materializeIncremental_startsAtEpoch_thenAtTheStoredWatermark() {
    MaterializationSummary first =
        materializer(100).materializeIncremental(T2, List.of("user_stats"), recorder);
    ingest(event(1, T3, T3, 3, 0.3, "a3"));
    MaterializationSummary second =
        materializer(100).materializeIncremental(T3, List.of("user_stats"), recorder);

    assertThat(first.views().get(0).start()).isEqualTo(Instant.EPOCH);
    assertThat(second.views().get(0).start()).isEqualTo(T2);
    assertThat(second.rows()).as("user 1 at T2 again, user 1 at T3, user 3 at T3").isEqualTo(2);
    assertThat(clicks(USER_STATS, 1, 2, 3)).containsExactly(3L, 6L, 9L);
    assertThat(registry.get(Materializer.WATERMARK_NAMESPACE, "user_stats"))
        .contains("2024-01-03T00:00:00Z");
  }

  @Test
  void materializeIncremental_skipsViewsAlreadyPastTheEnd() {
    materializer(100).materialize(T1, T3, List.of("user_stats"), recorder);

    MaterializationSummary s =
        materializer(100).materializeIncremental(T2, List.of("user_stats"), recorder);

    assertThat(s.views()).isEmpty();
    assertThat(events).contains("skip user_stats: already materialized up to 2024-01-03T00:00:00Z");
  }

  @Test
  void materialize_rejectsStartAfterEnd() {
    assertThatThrownBy(() -> materializer(1).materialize(T2, T1, null, recorder))
        .hasMessage(
            "start 2024-01-02T00:00:00Z is after end 2024-01-01T00:00:00Z; give START before END");
  }

  @Test
  void materialize_rejectsUnknownView() {
    assertThatThrownBy(() -> materializer(1).materialize(T1, T2, List.of("nope"), recorder))
        .hasMessage(
            "unknown feature view 'nope'; known views: user_stats, user_profile, trips,"
                + " offline_only");
  }

  @Test
  void watermark_thatIsNotAnInstant_failsNamingTheView() {
    registry.put(Materializer.WATERMARK_NAMESPACE, "user_stats", "yesterday");

    assertThatThrownBy(() -> materializer(1).materializeIncremental(T2, null, recorder))
        .hasMessage(
            "stored watermark of view 'user_stats' is not an ISO-8601 instant: 'yesterday'; run"
                + " 'kairos materialize' with explicit START and END to reset it");
  }

  @Test
  void summary_printsOneLine() {
    MaterializationSummary s =
        new MaterializationSummary(List.of(), 1500, java.time.Duration.ofMillis(500));

    assertThat(s).hasToString("0 views, 1,500 rows in 0.50 s (3,000 rows/s)");
  }

  @Test
  void summary_saysRowInTheSingular() {
    MaterializationSummary s =
        new MaterializationSummary(List.of(), 1, java.time.Duration.ofMillis(500));

    assertThat(s).hasToString("0 views, 1 row in 0.50 s (2 rows/s)");
  }
}
