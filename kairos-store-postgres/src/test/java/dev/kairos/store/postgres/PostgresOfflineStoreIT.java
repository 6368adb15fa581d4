package dev.kairos.store.postgres;

import static dev.kairos.testkit.PitFixtures.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.spi.StreamedSeq;
import dev.kairos.testkit.OfflineStoreContractTest;
import dev.kairos.testkit.PitFixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PostgresOfflineStoreIT extends OfflineStoreContractTest {
  private static String schema;
  private static PostgresOfflineStore store;

  @Override
  protected OfflineStore store() {
    return shared();
  }

  private static synchronized OfflineStore shared() {
    if (store == null) {
      schema = PgTestServer.uniqueSchema("kairos_it_offline");
      store = PgTestServer.open(schema);
    }
    return store;
  }

  @AfterAll
  @AfterContainer
  static synchronized void closeStore() {
    if (store != null) {
      store.close();
      store = null;
      PgTestServer.dropSchema(schema);
    }
  }

  @Test
  void aConsumerFailingMidJoin_stopsTheSessions_andReleasesThem() {
    Source s = PitFixtures.source("users_" + ProcessHandle.current().pid(), USER_ID, false);
    store().ensureTable(s);
    List<Object[]> rows = new ArrayList<>();
    for (long k = 0; k < 100; k++) {
      rows.add(PitFixtures.row(s, k, PitFixtures.at(1), null, 1.0, k));
    }
    store().append(s, rows.iterator());
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    List<Object[]> entities = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      entities.add(PitFixtures.entity((long) (i % 100), null, PitFixtures.at(2), "e" + i));
    }
    AtomicLong taken = new AtomicLong();

    assertThatThrownBy(
            () ->
                store()
                    .historical(
                        q,
                        entities.iterator(),
                        row -> {
                          if (taken.incrementAndGet() == 5_000) {
                            throw new IllegalStateException("disk full");
                          }
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");

    // All three sessions went back to the pool of four: two more joins each get three at once.
    for (int run = 0; run < 2; run++) {
      List<Object[]> out = new ArrayList<>();
      store().historical(q, entities.subList(0, 10).iterator(), out::add);
      assertThat(out).hasSize(10);
      assertThat(out.get(9)[3]).isEqualTo("e9");
      assertThat(out.get(9)[4]).isEqualTo(1.0);
    }
  }

  @Test
  void appendSequenced_onATableCreatedBeforeStreaming_getsItsIndexAndSkipsReplays()
      throws Exception {
    Source s = PitFixtures.source("old_" + ProcessHandle.current().pid(), USER_ID, false);
    String table = ((PostgresOfflineStore) store()).table(s);
    try (Connection c = DriverManager.getConnection(PgTestServer.url(), "postgres", "");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + table
              + " (user_id bigint, event_ts timestamp, amount double precision, n bigint,"
              + " _kairos_seq bigserial NOT NULL)");
      st.execute(
          "INSERT INTO " + table + " (user_id, event_ts, amount, n) VALUES (1, now(), 1, 1)");
    }
    List<Object[]> rows =
        List.<Object[]>of(PitFixtures.row(s, 1L, PitFixtures.at(1), null, 2.0, 2L));
    long[] seqs = {StreamedSeq.of(0, 0)};

    assertThat(store().appendSequenced(s, rows, seqs)).isEqualTo(1);
    assertThat(store().appendSequenced(s, rows, seqs)).isZero();
    assertThat(store().count(s)).isEqualTo(2);
    try (Connection c = DriverManager.getConnection(PgTestServer.url(), "postgres", "");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                    + schema
                    + "' AND tablename = '"
                    + s.table()
                    + "' AND indexdef LIKE 'CREATE UNIQUE INDEX%'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .endsWith("(_kairos_seq) WHERE (_kairos_seq >= '4611686018427387904'::bigint)");
    }
  }

  /**
   * Two stores (as two processes would) append the same batches at once: the unique index on
   * streamed sequences rejects the loser's copy, which runs again and skips what the winner wrote.
   */
  /**
   * Two {@code kairos stream} processes of one group start at once on a fresh schema: each opens
   * its store and creates the source's table and its streamed index. {@code IF NOT EXISTS} alone
   * races in PostgreSQL (a duplicate key in {@code pg_type} or {@code pg_namespace}), so both must
   * succeed every time.
   */
  @Test
  void twoStoresOpeningAFreshSchemaAtOnce_bothCreateItsTables() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 15; round++) {
        String fresh = PgTestServer.uniqueSchema("kairos_it_race" + round);
        Source s = PitFixtures.source("raced", USER_ID, false);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<Long>> opened = new ArrayList<>();
        try {
          for (int i = 0; i < 3; i++) {
            opened.add(
                pool.submit(
                    () -> {
                      start.await(10, TimeUnit.SECONDS);
                      try (PostgresOfflineStore st = PgTestServer.open(fresh)) {
                        st.ensureTable(s);
                        return st.count(s);
                      }
                    }));
          }
          for (Future<Long> f : opened) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
          }
        } finally {
          PgTestServer.dropSchema(fresh);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void appendSequenced_twoWritersOfTheSameBatches_writeEachRowOnce() throws Exception {
    Source s = PitFixtures.source("twice_" + ProcessHandle.current().pid(), USER_ID, false);
    store().ensureTable(s);
    List<List<Object[]>> batches = new ArrayList<>();
    List<long[]> seqs = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      List<Object[]> rows = new ArrayList<>();
      long[] bs = new long[500];
      for (int i = 0; i < bs.length; i++) {
        rows.add(PitFixtures.row(s, (long) i, PitFixtures.at(b), null, 1.0, (long) i));
        bs[i] = StreamedSeq.of(i % 3, b * 500L + i);
      }
      batches.add(rows);
      seqs.add(bs);
    }
    try (PostgresOfflineStore other = PgTestServer.open(schema)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Long>> written = new ArrayList<>();
        for (OfflineStore writer : List.of(store(), other)) {
          written.add(
              pool.submit(
                  () -> {
                    long n = 0;
                    for (int b = 0; b < batches.size(); b++) {
                      n += writer.appendSequenced(s, batches.get(b), seqs.get(b));
                    }
                    return n;
                  }));
        }
        assertThat(written.get(0).get() + written.get(1).get()).isEqualTo(20 * 500);
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(store().count(s)).isEqualTo(20 * 500);
  }

  @Test
  void factory_rejectsMoreJoinSessionsThanPooledConnections() {
    OfflineStoreFactory f = Plugins.find(OfflineStoreFactory.class, "postgres", "offline_store");
    StoreConfig config =
        StoreConfig.validate(
            "kairos.yaml: offline_store",
            Map.of("url", PgTestServer.url(), "pool_size", 2, "join_sessions", 3),
            f.options());

    assertThatThrownBy(
            () -> f.create(config, new StoreContext("p", Path.of("."), Clock.systemUTC())))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "kairos.yaml: offline_store: join_sessions (3) is more than pool_size (2); raise"
                + " pool_size or lower join_sessions");
  }

  @Test
  void factory_usesSchemaNamedAfterProject_byDefault() {
    OfflineStoreFactory f = Plugins.find(OfflineStoreFactory.class, "postgres", "offline_store");
    StoreConfig config =
        StoreConfig.validate(
            "kairos.yaml: offline_store", Map.of("url", PgTestServer.url()), f.options());
    String project = "It Offline " + ProcessHandle.current().pid();
    try (OfflineStore s =
        f.create(config, new StoreContext(project, Path.of("."), Clock.systemUTC()))) {
      s.checkAvailable();
    } finally {
      PgTestServer.dropSchema(PostgresOfflineStoreFactory.defaultSchema(project));
    }
    assertThat(PostgresOfflineStoreFactory.defaultSchema("My-Shop")).isEqualTo("kairos_my_shop");
  }
}
