package dev.kairos.bench.monitor;

import dev.kairos.api.Definitions;
import dev.kairos.bench.BenchSupport;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.monitor.FeatureLog;
import dev.kairos.monitor.FeatureLogTable;
import dev.kairos.monitor.LogRow;
import dev.kairos.monitor.SkewCheck;
import dev.kairos.monitor.SkewReport;
import dev.kairos.server.KairosServer;
import dev.kairos.spi.OnlineStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The skew monitor's costs (issue 21), each against a baseline measured in the same run.
 *
 * <p><b>Serving.</b> The feature server over the {@code kairos init} repository (generated
 * transactions, DuckDB offline, RocksDB online, materialized), asked for {@code fraud_detection_v1}
 * with one transaction per request (entities and request data) at a paced {@code rate}, open loop:
 * latency counts from the moment a request was due, so a stall is not hidden. Rounds alternate
 * logging off (no logger) and on (rate 1.0, every row written to {@code
 * feature_log_fraud_detection_v1} in the same process). The client runs in the same JVM.
 *
 * <p><b>Check.</b> {@link SkewCheck#run} over every row logged above, in logged rows per second,
 * against the plain point-in-time retrieval of the same rows (the same entity file the check
 * writes, through {@code FeatureStore.historical}), both timed whole.
 *
 * <pre>
 * java -cp kairos-bench/target/benchmarks.jar dev.kairos.bench.monitor.SkewBench \
 *   [--users 2000] [--days 7] [--rate 300] [--seconds 15] [--rounds 2] [--work DIR] [--command T]
 * </pre>
 */
public final class SkewBench {
  static final String SERVICE = "fraud_detection_v1";
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private SkewBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a =
        BenchSupport.args(
            argv,
            Map.of(
                "users", "2000",
                "days", "7",
                "rate", "300",
                "seconds", "15",
                "rounds", "2",
                "linger-ms", String.valueOf(FeatureLog.DEFAULT_LINGER_MILLIS),
                "work", "",
                "command", "SkewBench"));
    int days = Integer.parseInt(a.get("days"));
    Instant end = START.plusSeconds(86_400L * days);
    Path work =
        a.get("work").isEmpty()
            ? Files.createTempDirectory("kairos-skew-bench")
            : Path.of(a.get("work"));
    Path dir = work.resolve("repo");
    RepoTemplate.write(dir);
    Path services = dir.resolve("features/services.yaml");
    Files.writeString(
        services, Files.readString(services).replace("sample_rate: 0.1", "sample_rate: 1.0"));
    Path csv = work.resolve("transactions.csv");
    long generated =
        GeneratorOutput.write(
                new GeneratorConfig(Integer.parseInt(a.get("users")), days, 42, START), csv)
            .rows();
    List<String[]> txns =
        Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).toList();
    Clock clock = Clock.fixed(end, ZoneOffset.UTC);
    StringBuilder report = new StringBuilder();
    try (FeatureStore fs = FeatureStore.open(dir, clock, Map.of())) {
      long t0 = System.nanoTime();
      fs.apply(false);
      fs.ingest("transactions", csv);
      fs.materialize(START, end, List.of(), ProgressListener.NONE);
      System.err.printf("setup: %,d transactions in %.1f s%n", generated, BenchSupport.seconds(t0));
      List<String> bodies = new ArrayList<>();
      for (String[] t : txns) {
        bodies.add(
            String.format(
                "{\"feature_service\":\"%s\",\"entities\":{\"user_id\":[%s],\"merchant_id\":[%s],"
                    + "\"device_id\":[\"%s\"]},\"request_context\":{\"amount\":[%s],\"country\":"
                    + "[\"%s\"],\"merchant_category\":[\"%s\"]}}",
                SERVICE, t[1], t[2], t[7], t[4], t[6], t[3]));
      }
      int rate = Integer.parseInt(a.get("rate"));
      int seconds = Integer.parseInt(a.get("seconds"));
      List<double[]> off = new ArrayList<>();
      List<double[]> on = new ArrayList<>();
      long written = 0;
      long dropped = 0;
      long loggerCpuNanos = 0;
      for (int round = 0; round < Integer.parseInt(a.get("rounds")); round++) {
        for (boolean logging :
            round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          FeatureLog log = logging ? newLog(fs, Long.parseLong(a.get("linger-ms"))) : null;
          KairosServer server = serve(fs, clock, log);
          try {
            paced(server.port(), bodies, rate, 3); // warm-up
            double[] p = paced(server.port(), bodies, rate, seconds);
            (logging ? on : off).add(p);
            System.err.printf(
                Locale.ROOT,
                "round %d logging %-3s p50 %.2f ms p99 %.2f ms max %.2f ms errors %.0f%n",
                round + 1,
                logging ? "on" : "off",
                p[0],
                p[1],
                p[2],
                p[3]);
          } finally {
            if (log != null) {
              loggerCpuNanos += threadCpuNanos("kairos-feature-log");
            }
            server.stop();
          }
          if (log != null) {
            written += log.stats().written();
            dropped += log.stats().dropped();
          }
        }
      }
      double p99Off = median(off, 1);
      double p99On = median(on, 1);

      SqlRows logged =
          new SqlRows(
              new FeatureLogTable(SkewCheck.sql(fs)).read(SERVICE, START, end.plusSeconds(1)));
      Path entities = work.resolve("entities.csv");
      logged.writeEntities(entities);
      // One untimed run of each first (JIT, the store's caches), then the timed ones.
      SkewReport r = null;
      double checkSeconds = 0;
      double pitSeconds = 0;
      for (int i = 0; i < 2; i++) {
        long c0 = System.nanoTime();
        r = new SkewCheck(fs).run(SERVICE, START, end.plusSeconds(1));
        checkSeconds = BenchSupport.seconds(c0);
        long h0 = System.nanoTime();
        fs.historical(
            new HistoricalRequest(
                entities, List.of(), SERVICE, work.resolve("pit.csv"), true, false));
        pitSeconds = BenchSupport.seconds(h0);
        System.err.printf(
            Locale.ROOT, "check %.2f s, point-in-time %.2f s%n", checkSeconds, pitSeconds);
      }

      report.append("# Skew monitor (issue 21)\n\n");
      report
          .append("Run of ")
          .append(BenchSupport.now())
          .append(" on ")
          .append(BenchSupport.machine());
      report.append(". Command: `").append(a.get("command")).append("`\n\n");
      report.append(
          String.format(
              Locale.ROOT,
              "%,d generated transactions (%s users x %d days), served one per request at %d req/s"
                  + " for %d s per round (after 3 s of warm-up), %s rounds per mode, alternated.%n%n",
              generated,
              a.get("users"),
              days,
              rate,
              seconds,
              a.get("rounds")));
      report.append(
          "| mode | p50 ms (median of rounds) | p99 ms (median of rounds) | max ms (worst) |\n|---|---|---|---|\n");
      report.append(
          String.format(
              Locale.ROOT,
              "| logging off | %.2f | %.2f | %.2f |%n",
              median(off, 0),
              p99Off,
              worst(off)));
      report.append(
          String.format(
              Locale.ROOT,
              "| logging rate 1.0 | %.2f | %.2f | %.2f |%n",
              median(on, 0),
              p99On,
              worst(on)));
      report.append(
          String.format(
              Locale.ROOT,
              "%nServing p99 ratio, logging on / off: **%.2f** (target <= 1.1). Rows logged %,d,"
                  + " dropped %,d.%n%n",
              p99On / p99Off,
              written,
              dropped));
      double[] pairRatios = new double[on.size()];
      for (int i = 0; i < on.size(); i++) {
        pairRatios[i] = on.get(i)[1] / off.get(i)[1];
      }
      report.append(
          String.format(
              Locale.ROOT,
              "p99 ratio of each round (on / off, same round): %s; median **%.2f**. The logger's"
                  + " writer thread used %.1f ms of CPU in all (its own Java and the store's"
                  + " native insert on that thread), %.1f µs per logged row, %.3f%% of one core"
                  + " over the logging rounds.%n%n",
              Arrays.toString(
                  Arrays.stream(pairRatios)
                      .mapToObj(x -> String.format(Locale.ROOT, "%.2f", x))
                      .toArray()),
              median(Arrays.stream(pairRatios).mapToObj(x -> new double[] {x}).toList(), 0),
              loggerCpuNanos / 1e6,
              written == 0 ? 0.0 : loggerCpuNanos / 1e3 / written,
              100.0 * loggerCpuNanos / (on.size() * (seconds + 3) * 1e9)));
      report.append(
          String.format(
              Locale.ROOT,
              "Check of %,d logged rows: %.2f s = %,.0f rows/s (%,d mismatches, %,d late);"
                  + " plain point-in-time retrieval of the same rows: %.2f s = %,.0f rows/s;"
                  + " ratio check / retrieval **%.2f**.%n",
              r.rows(),
              checkSeconds,
              r.rows() / checkSeconds,
              r.mismatches(),
              r.late(),
              pitSeconds,
              logged.size() / pitSeconds,
              (r.rows() / checkSeconds) / (logged.size() / pitSeconds)));
    }
    System.out.print(report);
  }

  private static FeatureLog newLog(FeatureStore fs, long lingerMillis) {
    FeatureLogTable table = new FeatureLogTable(SkewCheck.sql(fs));
    return FeatureLog.builder(table::append, fs::definitions).lingerMillis(lingerMillis).start();
  }

  private static KairosServer serve(FeatureStore fs, Clock clock, FeatureLog log) {
    OnlineStore store = fs.onlineStore();
    KairosServer.Builder b =
        KairosServer.builder()
            .host("127.0.0.1")
            .port(0)
            .clock(clock)
            .definitions(fs::definitions)
            .reader((Definitions defs) -> OnlineServingEngine.serving(defs, store, clock, 1000));
    if (log != null) {
      b.featureLogger(log);
    }
    return b.build().start();
  }

  /** p50, p99, max (ms) and errors of an open-loop paced run. */
  static double[] paced(int port, List<String> bodies, int rate, int seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/get-online-features");
    int n = rate * seconds;
    if (n < 1) {
      throw new IllegalArgumentException("rate x seconds must be at least 1, was " + n);
    }
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size())))
              .build();
      pending.add(
          http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (resp, err) -> {
                    latencies.add(System.nanoTime() - due);
                    if (err != null || resp.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                  }));
    }
    for (var f : pending) {
      try {
        f.join();
      } catch (RuntimeException e) {
        // counted above
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new double[] {
      pct(sorted, 0.50) / 1e6,
      pct(sorted, 0.99) / 1e6,
      sorted[sorted.length - 1] / 1e6,
      errors.get()
    };
  }

  static double pct(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** CPU time of the live thread of that name, 0 if none. */
  static long threadCpuNanos(String name) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().equals(name)) {
        return Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return 0;
  }

  static double median(List<double[]> runs, int index) {
    double[] v = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double worst(List<double[]> runs) {
    return runs.stream().mapToDouble(r -> r[2]).max().orElse(0);
  }

  /** The logged rows as the entity file the check builds from them. */
  record SqlRows(List<LogRow> rows) {
    int size() {
      return rows.size();
    }

    void writeEntities(Path file) {
      Set<String> keys = new LinkedHashSet<>();
      Set<String> request = new LinkedHashSet<>();
      rows.forEach(
          r -> {
            keys.addAll(r.entityKeys().keySet());
            request.addAll(r.requestData().keySet());
          });
      request.removeAll(keys);
      List<dev.kairos.api.Field> columns = new ArrayList<>();
      keys.forEach(k -> columns.add(new dev.kairos.api.Field(k, dev.kairos.api.ValueType.STRING)));
      request.forEach(
          k -> columns.add(new dev.kairos.api.Field(k, dev.kairos.api.ValueType.STRING)));
      columns.add(new dev.kairos.api.Field("event_timestamp", dev.kairos.api.ValueType.STRING));
      try (TabularWriter w = TabularWriter.create(file, columns)) {
        for (LogRow r : rows) {
          List<Object> v = new ArrayList<>();
          keys.forEach(k -> v.add(r.entityKeys().get(k)));
          request.forEach(k -> v.add(r.requestData().get(k)));
          v.add(r.requestTime().toString());
          w.write(v.toArray());
        }
      }
    }
  }
}
