package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.copyTree;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * {@code kill -9} of {@code kairos ingest}: all or nothing. {@code kill -9} of {@code kairos
 * materialize} at several points, then a re-run: the online store must end byte for byte equal to
 * the one an uninterrupted run writes in a separate repository, and after every kill each stored
 * row must already be the final one and a view's watermark must only exist once all its rows are
 * written. The online store is read through RocksDB's own Java API after the process is gone.
 */
class MaterializeCrashCliIT {
  static final String START = "2026-01-01T00:00:00Z";
  static final String END = "2026-01-02T00:00:00Z";
  static final String USERS = "user_last_transaction";
  static final String MERCHANTS = "merchant_last_transaction";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  /** The generated batch, not yet ingested. */
  static Path generated;

  /** The same, ingested. */
  static Path base;

  static long rows;
  static long ingestMillis;

  @BeforeAll
  static void generateAndIngest() throws Exception {
    generated = dir.resolve("generated");
    ok(dir, "init", "generated");
    Path sources = generated.resolve("features/transactions.yaml");
    Files.writeString(
        sources,
        Files.readString(sources).replace("    validation: suites/transactions.json\n", ""));
    // The plain views' crash safety is tested here; aggregation state has its own tests. Without
    // the windowed views, the request-time view and the service over them go too.
    for (String f : List.of("aggregations.yaml", "request.yaml", "services.yaml")) {
      Files.delete(generated.resolve("features").resolve(f));
    }
    ok(generated, "apply");
    // ~200k rows: ~75k users and ~12k merchants to write, a few seconds of materialization.
    ok(generated, "generate", "--users", "100000", "--days", "1", "--output", "tx.csv");
    try (Stream<String> lines = Files.lines(generated.resolve("tx.csv"))) {
      rows = lines.count() - 1;
    }
    base = dir.resolve("base");
    copyTree(generated, base);
    long began = System.nanoTime();
    ok(base, "ingest", "transactions", "tx.csv");
    ingestMillis = (System.nanoTime() - began) / 1_000_000;
    assertThat(OfflineTables.rows(base, "transactions")).isEqualTo(rows);
  }

  @Test
  void ingest_killedMidway_leavesAllOrNothing_andARerunLoadsEachRowOnce() throws Exception {
    Path crashed = dir.resolve("ingest-crashed");
    copyTree(generated, crashed);

    KairosProcess.Running run =
        KairosProcess.start(crashed, Map.of(), "ingest", "transactions", "tx.csv");
    Thread.sleep(ingestMillis * 2 / 3);
    run.kill9();

    assertThat(OfflineTables.rows(crashed, "transactions")).isIn(0L, rows);
    if (OfflineTables.rows(crashed, "transactions") == 0) {
      ok(crashed, "ingest", "transactions", "tx.csv");
    }
    assertThat(OfflineTables.rows(crashed, "transactions")).isEqualTo(rows);
  }

  @Test
  void materialize_killedAtSeveralPoints_thenRerun_equalsAnUninterruptedRun() throws Exception {
    Path reference = dir.resolve("reference");
    Path crashed = dir.resolve("crashed");
    copyTree(base, reference);
    copyTree(base, crashed);

    ok(reference, "materialize", START, END);
    Map<String, Map<String, String>> expected = online(reference);
    assertThat(expected.get(USERS)).hasSizeGreaterThan(50_000);
    assertThat(expected.get(MERCHANTS)).hasSizeGreaterThan(5_000);
    assertThat(watermarks(reference)).containsEntry(USERS, END).containsEntry(MERCHANTS, END);

    // 1. Killed while starting up.
    KairosProcess.Running run = KairosProcess.start(crashed, Map.of(), "materialize", START, END);
    Thread.sleep(300);
    run.kill9();
    assertOnlyFinalRows(crashed, expected);

    // 2. Killed while writing the first view (users): some rows stored, no watermark. The users
    // take ~9 MB of WAL in write batches of ~1.2 MB; a kill can tear the batch being written, so
    // wait for 3 MB: at least two whole batches, well before the last.
    long before = onlineBytes(crashed);
    run = KairosProcess.start(crashed, Map.of(), "materialize", START, END);
    awaitThenKill(run, () -> onlineBytes(crashed) >= before + 3 * 1024 * 1024);
    Map<String, Map<String, String>> partial = assertOnlyFinalRows(crashed, expected);
    assertThat(partial.getOrDefault(USERS, Map.of()))
        .as("the kill hit the middle of the user view")
        .isNotEmpty()
        .hasSizeLessThan(expected.get(USERS).size());
    assertThat(watermarks(crashed)).doesNotContainKey(USERS);

    // 3. Merchants first this time; killed once their watermark is stored, writing users.
    run =
        KairosProcess.start(
            crashed, Map.of(), "materialize", START, END, "--views", MERCHANTS + "," + USERS);
    awaitThenKill(run, () -> watermarks(crashed).containsKey(MERCHANTS));
    Map<String, Map<String, String>> afterThird = assertOnlyFinalRows(crashed, expected);
    assertThat(afterThird.get(MERCHANTS)).isEqualTo(expected.get(MERCHANTS));

    // 4. Re-run to completion.
    KairosProcess.Result done = ok(crashed, "materialize", START, END);

    assertThat(done.stdout()).contains("Materialized 2 views");
    assertThat(online(crashed)).isEqualTo(expected);
    assertThat(watermarks(crashed)).isEqualTo(watermarks(reference));
  }

  /**
   * Every stored row equals the row an uninterrupted run stores, and a view with a watermark has
   * all its rows. Returns the stored rows.
   */
  private static Map<String, Map<String, String>> assertOnlyFinalRows(
      Path repo, Map<String, Map<String, String>> expected) throws Exception {
    Map<String, Map<String, String>> stored = online(repo);
    for (Map.Entry<String, Map<String, String>> view : stored.entrySet()) {
      assertThat(expected.get(view.getKey()))
          .as("rows of %s after a kill", view.getKey())
          .containsAllEntriesOf(view.getValue());
    }
    for (String view : watermarks(repo).keySet()) {
      assertThat(stored.get(view))
          .as("%s has a watermark, so all its rows", view)
          .isEqualTo(expected.get(view));
    }
    return stored;
  }

  private static void awaitThenKill(KairosProcess.Running run, BooleanSupplier condition)
      throws Exception {
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!condition.getAsBoolean()) {
        if (!run.process().isAlive()) {
          throw new AssertionError(
              "materialize ended before the kill point:\n" + run.await(1).toString());
        }
        assertThat(System.nanoTime()).as("kill point reached in time").isLessThan(deadline);
        Thread.sleep(5);
      }
    } finally {
      run.kill9();
    }
    assertThat(run.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  /** Bytes in the online store folder (WAL and tables), while RocksDB may delete files. */
  private static long onlineBytes(Path repo) {
    Path folder = repo.resolve("data/online");
    if (!Files.exists(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.mapToLong(MaterializeCrashCliIT::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // RocksDB deleted it meanwhile
    }
  }

  private static Map<String, String> watermarks(Path repo) {
    Path file = repo.resolve("data/registry/metadata/watermark.json");
    Map<String, String> out = new TreeMap<>();
    if (Files.exists(file)) {
      try {
        JSON.readTree(file.toFile())
            .properties()
            .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * The online store's rows by view, then hex entity key to hex value, read with RocksDB (WAL
   * included) after the CLI exited. Key layout: u16 length, project, u16 length, view, entity key.
   */
  static Map<String, Map<String, String>> online(Path repo) throws RocksDBException {
    Path folder = repo.resolve("data/online");
    Map<String, Map<String, String>> out = new TreeMap<>();
    if (!Files.exists(folder.resolve("CURRENT"))) {
      return out;
    }
    RocksDB.loadLibrary();
    HexFormat hex = HexFormat.of();
    try (Options options = new Options();
        RocksDB db = RocksDB.openReadOnly(options, folder.toString());
        RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        ByteBuffer key = ByteBuffer.wrap(it.key());
        String project = string(key);
        String view = string(key);
        assertThat(project).isEqualTo("fraud");
        byte[] entity = new byte[key.remaining()];
        key.get(entity);
        out.computeIfAbsent(view, v -> new TreeMap<>())
            .put(hex.formatHex(entity), hex.formatHex(it.value()));
      }
    }
    return out;
  }

  private static String string(ByteBuffer key) {
    byte[] bytes = new byte[Short.toUnsignedInt(key.getShort())];
    key.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
