package dev.kairos.bench.materialize;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.online.MaterializationSummary;
import dev.kairos.core.online.Materializer;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.codec.RowCodec;
import io.lettuce.core.RedisURI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Materialization throughput: {@code --rows} entity rows (distinct users of the fraud template's
 * {@code user_last_transaction} view, 5 features) from DuckDB into RocksDB and Redis through {@link
 * FeatureStore#materialize}, each next to the raw write ceiling of its store measured in the same
 * run. "Rows" are entity rows written to the online store, one key each.
 *
 * <pre>
 * java -cp kairos-bench/target/benchmarks.jar dev.kairos.bench.materialize.MaterializeBenchmark
 * [--rows N]</pre>
 */
public final class MaterializeBenchmark {
  static final String VIEW = "user_last_transaction";

  private final BenchOptions options;
  private final Path work;
  private final Path repo;
  private final String project;
  private final String redisPrefix;
  private final ResultTable table = new ResultTable();
  private Instant end;
  private int keyBytesRocks;
  private int keyBytesRedis;
  private int valueBytes;
  private byte[] sampleValue;

  private MaterializeBenchmark(BenchOptions options, Path work) {
    this.options = options;
    this.work = work;
    this.repo = work.resolve("repo");
    long pid = ProcessHandle.current().pid();
    this.project = "kbench_mat_" + pid;
    this.redisPrefix = "kairos-bench-mat-" + pid;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Path work =
        options.dir() != null
            ? Files.createDirectories(options.dir())
            : Files.createTempDirectory("kairos-bench-materialize-");
    MaterializeBenchmark bench = new MaterializeBenchmark(options, work);
    try {
      bench.run();
    } finally {
      if (options.dir() == null) {
        Files.walk(work).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run() throws Exception {
    prepare();
    measureOfflineRead();
    for (String store : options.stores()) {
      if (store.equals("rocksdb")) {
        measureRocksDb();
      } else {
        measureRedis();
      }
    }
    String markdown = table.markdown(options, String.join(" ", commandLine()));
    System.out.println();
    System.out.println(markdown);
    if (options.output() != null) {
      Files.createDirectories(options.output().toAbsolutePath().getParent());
      Files.writeString(options.output(), markdown);
      System.out.println("written to " + options.output());
    }
  }

  private void prepare() throws Exception {
    RepoTemplate.write(repo);
    configure("rocksdb");
    try (FeatureStore fs = open()) {
      fs.apply(false);
      Definitions d = fs.definitions();
      fs.offlineStore().ensureTable(d.sourceOf(d.view(VIEW).orElseThrow()));
    }
    long began = System.nanoTime();
    end =
        OfflineData.fill(
            repo.resolve("data/offline.duckdb"), work, options.rows(), options.versions());
    System.out.printf(
        "offline table: %,d users x %d versions = %,d rows in %.1f s%n",
        options.rows(), options.versions(), options.rows() * options.versions(), secs(began));
  }

  /** The offline half alone: Kairos' latest-per-key query streamed into nothing. */
  private void measureOfflineRead() {
    try (FeatureStore fs = open()) {
      Definitions d = fs.definitions();
      FeatureView view = d.view(VIEW).orElseThrow();
      LatestQuery q =
          new LatestQuery(view, d.sourceOf(view), d.joinKeys(view), OfflineData.FIRST_EVENT, end);
      long[] rows = {0};
      Cpu cpu = Cpu.start();
      long began = System.nanoTime();
      fs.offlineStore().latest(q, Materializer.DEFAULT_BATCH_SIZE, b -> rows[0] += b.size());
      long nanos = System.nanoTime() - began;
      check(rows[0]);
      table.add(
          "DuckDB latest-per-key query alone (OfflineStore.latest, rows discarded)",
          rows[0],
          nanos,
          cpu.used());
    }
  }

  private void measureRocksDb() throws Exception {
    configure("rocksdb");
    try (FeatureStore fs = open()) {
      Cpu cpu = Cpu.start();
      long nanos = materialize(fs, "RocksDB");
      table.add("Kairos materialize → RocksDB", options.rows(), nanos, cpu.used());
      inspect(fs);
      cpu = Cpu.start();
      nanos = materialize(fs, "RocksDB (re-run)");
      table.add(
          "Kairos re-run → RocksDB (every key stored: compare path)",
          options.rows(),
          nanos,
          cpu.used());
    }
    keyBytesRocks = 4 + project.length() + VIEW.length() + 9;
    Path dir = work.resolve("rocksdb-ceiling");
    Cpu cpu = Cpu.start();
    long ceiling =
        RocksDbCeiling.run(
            dir,
            options.rows(),
            keyBytesRocks,
            valueBytes,
            Materializer.DEFAULT_BATCH_SIZE,
            false,
            sampleValue);
    table.ceiling(
        "bare RocksDB WriteBatch loop (" + keyBytesRocks + " B keys, " + valueBytes + " B values)",
        options.rows(),
        ceiling,
        cpu.used());
  }

  private void measureRedis() throws Exception {
    configure("redis");
    RedisURI uri = RedisURI.create(options.redisUrl());
    try (RedisKeysCleaner redis = new RedisKeysCleaner(uri, "{" + redisPrefix + ":*")) {
      redis.clean();
      try (FeatureStore fs = open()) {
        Cpu cpu = Cpu.start(redis);
        long nanos = materialize(fs, "Redis");
        table.add("Kairos materialize → Redis", options.rows(), nanos, cpu.used());
        inspect(fs);
        cpu = Cpu.start(redis);
        nanos = materialize(fs, "Redis (re-run)");
        table.add(
            "Kairos re-run → Redis (every key stored: compare path)",
            options.rows(),
            nanos,
            cpu.used());
        fs.onlineStore().deleteView(fs.definitions().view(VIEW).orElseThrow());
      } finally {
        redis.clean();
      }
      String head = "{" + redisPrefix + ":" + project + ":";
      String tail = "}:" + VIEW;
      keyBytesRedis = head.length() + 18 + tail.length();
      RedisCeiling ceiling = new RedisCeiling(uri.getHost(), uri.getPort(), head, tail);
      try {
        Cpu cpu = Cpu.start(redis);
        double set = ceiling.set(options.rows(), valueBytes, 50, 100);
        table.ceilingRate(
            "redis-benchmark SET, -c 50 -P 100 ("
                + keyBytesRedis
                + " B keys, "
                + valueBytes
                + " B values)",
            options.rows(),
            set,
            cpu.used());
        redis.clean();
        cpu = Cpu.start(redis);
        double mset = ceiling.mset(options.rows(), valueBytes, 200, 4, 16);
        table.ceilingRate(
            "redis-benchmark MSET, 200 keys/call, -c 4 -P 16", options.rows(), mset, cpu.used());
        redis.clean();
        String sha = redis.loadScript(KairosScript.text());
        cpu = Cpu.start(redis);
        double script = ceiling.script(sha, options.rows(), valueBytes, 200, 4, 16);
        table.ceilingRate(
            "redis-benchmark EVALSHA of Kairos' script (MGET, compare, MSET), 200 keys/call, -c 4 -P 16",
            options.rows(),
            script,
            cpu.used());
      } finally {
        redis.clean();
      }
    }
  }

  private long materialize(FeatureStore fs, String store) {
    long began = System.nanoTime();
    MaterializationSummary s =
        fs.materialize(OfflineData.FIRST_EVENT, end, List.of(VIEW), new Progress(options.rows()));
    long nanos = System.nanoTime() - began;
    check(s.rows());
    System.out.printf(
        "materialized %,d rows into %s in %.2f s: %,.0f rows/s%n",
        s.rows(), store, nanos / 1e9, s.rows() / (nanos / 1e9));
    return nanos;
  }

  /** Checks random users hold their latest version; records the encoded value size. */
  private void inspect(FeatureStore fs) {
    FeatureView view = fs.definitions().view(VIEW).orElseThrow();
    Random random = new Random(7);
    List<EntityKey> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(new EntityKey(List.of(1 + (long) random.nextInt((int) options.rows()))));
    }
    List<OnlineRow> rows = fs.onlineStore().multiGet(view, keys);
    RowCodec codec = RowCodec.forView(view);
    long bytes = 0;
    for (int i = 0; i < keys.size(); i++) {
      OnlineRow row = rows.get(i);
      long user = (Long) keys.get(i).values().get(0);
      long r = (options.versions() - 1) * options.rows() + user - 1;
      Instant expected = OfflineData.FIRST_EVENT.plusSeconds(r / 4);
      if (row == null || !row.eventTs().equals(expected)) {
        throw new IllegalStateException(
            "user " + user + " holds " + row + " online, expected event time " + expected);
      }
      byte[] encoded = codec.encode(row);
      bytes += encoded.length;
      sampleValue = encoded;
    }
    valueBytes = (int) Math.round(bytes / (double) keys.size());
  }

  private void check(long rows) {
    if (rows != options.rows()) {
      throw new IllegalStateException("expected " + options.rows() + " rows, got " + rows);
    }
  }

  private FeatureStore open() {
    return FeatureStore.open(repo, Clock.systemUTC(), Map.of());
  }

  private void configure(String store) throws Exception {
    String online =
        store.equals("rocksdb")
            ? "  type: rocksdb\n  path: data/online\n"
            : "  type: redis\n  url: "
                + options.redisUrl()
                + "\n  key_prefix: "
                + redisPrefix
                + "\n";
    Files.writeString(
        repo.resolve("kairos.yaml"),
        "project: "
            + project
            + "\nregistry:\n  type: file\n  path: data/registry\n"
            + "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n"
            + "online_store:\n"
            + online,
        StandardCharsets.UTF_8);
  }

  private List<String> commandLine() {
    List<String> out = new ArrayList<>(List.of("kairos-bench/bin/materialize.sh"));
    if (options.rows() != 10_000_000) {
      out.add("--rows " + options.rows());
    }
    if (options.versions() != 2) {
      out.add("--versions " + options.versions());
    }
    if (!options.stores().equals(List.of("rocksdb", "redis"))) {
      out.add("--stores " + String.join(",", options.stores()));
    }
    return out;
  }

  static double secs(long began) {
    return (System.nanoTime() - began) / 1e9;
  }

  /** Prints rows/s every second or so. */
  private static final class Progress implements ProgressListener {
    private final long total;
    private final long began = System.nanoTime();
    private long rows;
    private long lastPrint = began;

    Progress(long total) {
      this.total = total;
    }

    @Override
    public void rowsWritten(String view, long n) {
      rows += n;
      long now = System.nanoTime();
      if (now - lastPrint > 2_000_000_000L) {
        lastPrint = now;
        System.out.printf(
            "  %,d / %,d rows, %,.0f rows/s%n", rows, total, rows / ((now - began) / 1e9));
      }
    }
  }
}
