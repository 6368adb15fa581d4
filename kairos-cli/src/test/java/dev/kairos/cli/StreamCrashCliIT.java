package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.ok;
import static dev.kairos.cli.KairosProcess.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.kafka.broker.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code kairos stream} at random points of a stream, 20 times, each time
 * restarted: afterwards every event is in the offline table exactly once, and every online value of
 * every view (sums and counts of windows included) equals what the batch path computes from the
 * same file in a separate repository.
 */
class StreamCrashCliIT {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void killedTwentyTimes_everyEventCountedOnce_offlineAndOnline() throws Exception {
    StreamFixture.init(dir, "repo", kafka.bootstrapServers(), "");
    Path repo = dir.resolve("repo");
    ok(repo, "generate", "--users", "2000", "--days", "3", "--seed", "7", "--output", "tx.csv");
    Path csv = repo.resolve("tx.csv");
    long rows;
    try (Stream<String> lines = Files.lines(csv)) {
      rows = lines.count() - 1;
    }
    Path reference = StreamFixture.batchReference(repo, dir, csv);
    ok(repo, "apply");
    ok(
        repo,
        "replay",
        "tx.csv",
        "--topic",
        "transactions",
        "--source",
        "transactions",
        "--partitions",
        "3");

    String[] stream = {
      "stream",
      "--instance-id",
      "crash-test",
      "--metrics-port",
      "-1",
      "--progress",
      "0",
      "--max-batch",
      "10"
    };
    Random random = new Random(20261204);
    int midStream = 0;
    for (int run = 0; midStream < 20 && run < 60; run++) {
      KairosProcess.Running p = start(repo, Map.of(), stream);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!p.stdoutSoFar().contains("assigned partitions") && System.nanoTime() < deadline) {
        assertThat(p.process().isAlive())
            .as("stream process is running: %s", p.stdoutSoFar())
            .isTrue();
        Thread.sleep(20);
      }
      Thread.sleep(50 + random.nextInt(700));
      long lag = StreamFixture.lag(kafka.bootstrapServers(), "transactions");
      p.kill9();
      if (lag > 0) {
        midStream++;
      }
    }
    assertThat(midStream).as("kills while events were still to be streamed").isEqualTo(20);
    assertThat(StreamFixture.lag(kafka.bootstrapServers(), "transactions")).isPositive();

    KairosProcess.Running last = start(repo, Map.of(), stream);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (StreamFixture.lag(kafka.bootstrapServers(), "transactions") > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    last.process().destroy(); // SIGTERM: finish the batch, commit, leave the group
    KairosProcess.Result r = last.await(60);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.stdout()).contains("stream: stopped;");

    assertThat(OfflineTables.rows(repo, "transactions")).isEqualTo(rows);
    assertThat(
            OfflineTables.scalar(repo, "SELECT count(DISTINCT transaction_id) FROM transactions"))
        .isEqualTo(rows);
    assertThat(
            OfflineTables.scalar(
                repo, "SELECT count(*) FROM transactions WHERE _kairos_seq < 4611686018427387904"))
        .as("every row streamed")
        .isZero();
    Instant now = StreamFixture.after(csv);
    long compared = StreamFixture.assertSameOnline(repo, reference, csv, now);
    assertThat(compared).isGreaterThan(10_000);
    System.out.printf(
        "StreamCrashCliIT: %d events, %d kills mid-stream, %d online values equal to batch%n",
        rows, midStream, compared);
  }
}
