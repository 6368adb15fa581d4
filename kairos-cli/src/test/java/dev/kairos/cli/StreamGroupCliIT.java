package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.ok;
import static dev.kairos.cli.KairosProcess.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FeatureView;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.kafka.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code kairos stream} processes in one consumer group on PostgreSQL and Redis share the
 * partitions of a topic that {@code kairos replay} fills at a paced rate while they run; one is
 * killed with {@code kill -9} mid-stream, the other takes its partitions over and finishes: every
 * event is in the offline table once, and every online value equals the batch path's over the same
 * file.
 */
class StreamGroupCliIT {
  static final String PG_URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String REDIS_URL =
      System.getenv().getOrDefault("KAIROS_REDIS_URL", "redis://127.0.0.1:6379");

  static final String GROUP_TOPIC = "transactions";

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  final String id = "grp" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void twoConsumers_oneKilled_theOtherTakesOver_andEveryEventCountsOnce() throws Exception {
    StreamFixture.init(dir, "ref", kafka.bootstrapServers(), "");
    Path ref = dir.resolve("ref");
    ok(ref, "generate", "--users", "1500", "--days", "3", "--seed", "11", "--output", "tx.csv");
    Path csv = ref.resolve("tx.csv");
    long rows;
    try (Stream<String> lines = Files.lines(csv)) {
      rows = lines.count() - 1;
    }
    Path reference = StreamFixture.batchReference(ref, dir, csv);

    StreamFixture.init(dir, "group", kafka.bootstrapServers(), "");
    Path repo = dir.resolve("group");
    Path config = repo.resolve("kairos.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n",
                "offline_store:\n  type: postgres\n  url: " + PG_URL + "\n  schema: " + id + "\n")
            .replace(
                "online_store:\n  type: rocksdb\n  path: data/online\n",
                "online_store:\n  type: redis\n  url: "
                    + REDIS_URL
                    + "\n  key_prefix: "
                    + id
                    + "\n"));
    try {
      ok(repo, "apply");
      // The consumers join an empty topic and the events arrive while they run, paced, so one of
      // them dies mid-stream however fast the machine is: replaying first and killing after a
      // sleep lost the race when the first consumer drained the topic before the second joined.
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(GROUP_TOPIC, 4, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      String[] stream = {"stream", "--metrics-port", "-1", "--progress", "0", "--max-batch", "20"};
      KairosProcess.Running a = start(repo, Map.of(), stream);
      KairosProcess.Running b = start(repo, Map.of(), stream);
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (!(a.stdoutSoFar().contains("assigned partitions")
              && b.stdoutSoFar().contains("assigned partitions"))
          && System.nanoTime() < deadline) {
        assertThat(a.process().isAlive() && b.process().isAlive())
            .as("both running:\n%s\n%s", a.outputSoFar(), b.outputSoFar())
            .isTrue();
        Thread.sleep(50);
      }
      long seconds = 10;
      KairosProcess.Running replay =
          start(repo, Map.of(), "replay", csv.toString(), "--rate", String.valueOf(rows / seconds));
      deadline = System.nanoTime() + 60_000_000_000L;
      while (StreamFixture.committed(kafka.bootstrapServers(), GROUP_TOPIC) == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long atKill = StreamFixture.committed(kafka.bootstrapServers(), GROUP_TOPIC);
      assertThat(atKill).as("events streamed before one consumer dies").isPositive();
      assertThat(replay.process().isAlive())
          .as("events still to stream when one consumer dies:\n%s", replay.outputSoFar())
          .isTrue();
      a.kill9();
      System.out.printf(
          "StreamGroupCliIT: %d events, one consumer killed at %d committed%n", rows, atKill);
      KairosProcess.Result rr = replay.await(120);
      assertThat(rr.exitCode()).as("%s", rr).isZero();
      deadline = System.nanoTime() + 240_000_000_000L;
      while (StreamFixture.lag(kafka.bootstrapServers(), GROUP_TOPIC) > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      b.process().destroy();
      KairosProcess.Result rb = b.await(60);
      assertThat(rb.exitCode()).as("%s", rb).isZero();

      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), count(DISTINCT transaction_id) FROM " + id + ".transactions")) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows").isEqualTo(rows);
        assertThat(rs.getLong(2)).as("distinct transactions").isEqualTo(rows);
      }
      long compared =
          StreamFixture.assertSameOnline(repo, reference, csv, StreamFixture.after(csv));
      assertThat(compared).isGreaterThan(10_000);
    } finally {
      try (FeatureStore fs = FeatureStore.open(repo)) {
        for (FeatureView v : fs.definitions().views()) {
          fs.onlineStore().deleteView(v);
          if (v.hasAggregations()) {
            fs.onlineStore().deleteView(AggregationLayout.of(v, fs.definitions()).storageView());
          }
        }
      }
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + id + " CASCADE");
      }
    }
  }
}
