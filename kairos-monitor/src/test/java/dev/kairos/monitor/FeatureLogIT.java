package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spi.SqlAccess;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature log behind a running server: requests never wait for it, what it cannot hold is
 * dropped and counted exactly on /metrics, a failed write never fails a request, shutdown writes
 * what is queued, and sampling keeps every request of a sampled key.
 */
class FeatureLogIT {
  @TempDir Path dir;

  private static long metric(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static long tableRows(SkewRepo repo) throws Exception {
    SqlAccess sql = SkewCheck.sql(repo.fs);
    String table = new FeatureLogTable(sql).table(SkewRepo.SERVICE);
    return sql.withConnection(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void floodBeyondTheQueue_neverBlocksRequests_andCountsEveryDropOnMetrics() throws Exception {
    try (SkewRepo repo = new SkewRepo(dir, false)) {
      repo.materialize();
      CountDownLatch release = new CountDownLatch(1);
      FeatureLogTable table = new FeatureLogTable(SkewCheck.sql(repo.fs));
      FeatureLog log =
          FeatureLog.builder(
                  (service, rows) -> {
                    release.await();
                    table.append(service, rows);
                  },
                  repo.fs::definitions)
              .capacity(10)
              .batchSize(4)
              .start();
      repo.serve(log);
      List<List<String[]>> batches = repo.batches(140, 7);
      long slowest = 0;
      for (List<String[]> batch : batches) {
        long t0 = System.nanoTime();
        repo.request(batch);
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
      // The writer is stuck, yet no request waited for it.
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));
      assertThat(log.stats().dropped()).isGreaterThanOrEqualTo(140 - 10 - 4);
      release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (log.stats().written() + log.stats().dropped() < 140 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String metrics = repo.get("/metrics").body();
      long offered = metric(metrics, "kairos_feature_log_offered_total");
      long written = metric(metrics, "kairos_feature_log_written_total");
      long dropped = metric(metrics, "kairos_feature_log_dropped_total");
      assertThat(offered).isEqualTo(140);
      assertThat(written + dropped).isEqualTo(offered);
      assertThat(dropped).isPositive();
      assertThat(metric(metrics, "kairos_feature_log_queued")).isZero();
      assertThat(metric(metrics, "kairos_feature_log_failed_total")).isZero();
      repo.stopServer();
      assertThat(tableRows(repo)).isEqualTo(written);
    }
  }

  @Test
  void stop_writesEverythingQueued() throws Exception {
    try (SkewRepo repo = new SkewRepo(dir, false)) {
      repo.materialize();
      FeatureLogTable table = new FeatureLogTable(SkewCheck.sql(repo.fs));
      FeatureLog log =
          FeatureLog.builder(
                  (service, rows) -> {
                    Thread.sleep(100);
                    table.append(service, rows);
                  },
                  repo.fs::definitions)
              .batchSize(3)
              .start();
      repo.serve(log);
      for (List<String[]> batch : repo.batches(63, 9)) {
        repo.request(batch);
      }
      assertThat(log.stats().queued()).isPositive();
      repo.stopServer();
      assertThat(log.stats())
          .isEqualTo(new dev.kairos.api.monitor.FeatureLogger.Stats(63, 0, 63, 0, 0));
      assertThat(tableRows(repo)).isEqualTo(63);
    }
  }

  @Test
  void aFailingWriter_isCounted_andRequestsStillSucceed() throws Exception {
    try (SkewRepo repo = new SkewRepo(dir, false)) {
      repo.materialize();
      FeatureLog log =
          FeatureLog.builder(
                  (service, rows) -> {
                    throw new java.sql.SQLException("disk full", "53100");
                  },
                  repo.fs::definitions)
              .start();
      repo.serve(log);
      for (List<String[]> batch : repo.batches(21, 7)) {
        assertThat(repo.request(batch)).contains("\"results\"");
      }
      repo.stopServer();
      assertThat(log.stats().failed()).isEqualTo(21);
      assertThat(log.stats().written()).isZero();
    }
  }

  @Test
  void sampling_logsEveryRequestOfASampledKey_andNoOtherKey() throws Exception {
    try (SkewRepo repo = new SkewRepo(dir, false)) {
      repo.edit(
          "features/services.yaml",
          y -> y.replace("logging: {sample_rate: 1.0}", "logging: {sample_rate: 0.5}"));
      repo.fs.apply(false);
      repo.materialize();
      FeatureLog log = repo.log(10_000);
      repo.serve(log);
      List<List<String[]>> batches = repo.batches(120, 8);
      for (int round = 0; round < 2; round++) {
        for (List<String[]> batch : batches) {
          repo.request(batch);
        }
      }
      repo.stopServer();
      Map<String, Integer> expected = new HashMap<>();
      for (List<String[]> batch : batches) {
        for (String[] t : batch) {
          Map<String, Object> key =
              Map.of(
                  "user_id",
                  Long.parseLong(t[1]),
                  "merchant_id",
                  Long.parseLong(t[2]),
                  "device_id",
                  t[7]);
          if (KeySampler.sampled(key, 0.5)) {
            expected.merge(t[1] + "/" + t[2] + "/" + t[7], 2, Integer::sum);
          }
        }
      }
      List<LogRow> rows =
          new FeatureLogTable(SkewCheck.sql(repo.fs))
              .read(SkewRepo.SERVICE, SkewRepo.START, SkewRepo.END.plusSeconds(1));
      Map<String, Integer> logged = new HashMap<>();
      for (LogRow r : rows) {
        Map<String, String> k = r.entityKeys();
        logged.merge(
            k.get("user_id") + "/" + k.get("merchant_id") + "/" + k.get("device_id"),
            1,
            Integer::sum);
      }
      assertThat(expected).isNotEmpty();
      assertThat(expected.values().stream().mapToInt(Integer::intValue).sum()).isLessThan(240);
      assertThat(logged).isEqualTo(expected);
      assertThat(new ArrayList<>(rows))
          .allSatisfy(
              r ->
                  assertThat(r.features())
                      .hasSize(repo.fs.definitions().resolveService(SkewRepo.SERVICE).size()));
    }
  }
}
