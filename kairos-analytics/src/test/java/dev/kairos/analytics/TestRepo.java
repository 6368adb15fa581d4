package dev.kairos.analytics;

import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The fraud template repository with generated transactions, edited to hold the cases the views
 * must get right, on DuckDB or on the machine's PostgreSQL (own schema, dropped on close).
 */
final class TestRepo implements AutoCloseable {
  static final String PG_URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final int DAYS = 24;

  /** Every row of this ISO week is removed: an empty week. */
  static final Instant EMPTY_WEEK = Instant.parse("2026-01-12T00:00:00Z");

  /** No jewelry rows in the (partial) week starting here: a category absent one week. */
  static final Instant NO_JEWELRY_WEEK = Instant.parse("2025-12-29T00:00:00Z");

  /** One row is moved to exactly this instant: a day (and week) boundary. */
  static final Instant MIDNIGHT = Instant.parse("2026-01-05T00:00:00Z");

  /** The transaction moved to {@link #MIDNIGHT}. */
  String midnightTx;

  /** A transaction whose currency is changed to JPY, which has no rate. */
  String jpyTx;

  final Path dir;
  final FeatureStore fs;
  final List<Oracle.Tx> rows;
  private final String pgSchema;

  private TestRepo(Path dir, boolean postgres, UnaryOperator<String> config) throws Exception {
    this.dir = dir;
    RepoTemplate.write(dir);
    pgSchema =
        postgres ? "an" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    String yaml = Files.readString(dir.resolve("kairos.yaml"));
    if (postgres) {
      yaml =
          yaml.replace(
              "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n",
              "offline_store:\n  type: postgres\n  url: "
                  + PG_URL
                  + "\n  user: postgres\n  schema: "
                  + pgSchema
                  + "\n");
    }
    Files.writeString(dir.resolve("kairos.yaml"), config.apply(yaml));
    Path csv = dir.resolve("transactions.csv");
    GeneratorOutput.write(new GeneratorConfig(300, DAYS, 11, START), csv);
    edit(csv);
    rows = Oracle.read(csv);
    fs =
        FeatureStore.open(
            dir, Clock.fixed(START.plusSeconds(86_400L * DAYS), ZoneOffset.UTC), Map.of());
    fs.apply(false);
    fs.ingest("transactions", csv);
  }

  static TestRepo duckdb(Path dir) throws Exception {
    return new TestRepo(dir, false, y -> y);
  }

  static TestRepo postgres(Path dir) throws Exception {
    return new TestRepo(dir, true, y -> y);
  }

  static TestRepo duckdb(Path dir, UnaryOperator<String> config) throws Exception {
    return new TestRepo(dir, false, config);
  }

  /** Removes the empty week and the jewelry of one week; moves one row to midnight. */
  private void edit(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      Instant ts = Instant.parse(f[8]);
      if (!ts.isBefore(EMPTY_WEEK) && ts.isBefore(EMPTY_WEEK.plusSeconds(7 * 86_400))) {
        continue;
      }
      if (f[3].equals("jewelry")
          && !ts.isBefore(NO_JEWELRY_WEEK)
          && ts.isBefore(NO_JEWELRY_WEEK.plusSeconds(7 * 86_400))) {
        continue;
      }
      if (midnightTx == null
          && !f[3].equals("jewelry")
          && ts.isBefore(MIDNIGHT)
          && ts.isAfter(MIDNIGHT.minusSeconds(3600))) {
        midnightTx = f[0];
        f[8] = MIDNIGHT.toString();
        if (Instant.parse(f[9]).isBefore(MIDNIGHT)) {
          f[9] = MIDNIGHT.toString();
        }
        line = String.join(",", f);
      } else if (jpyTx == null && ts.isAfter(START.plusSeconds(86_400 * 2))) {
        jpyTx = f[0];
        f[5] = "JPY";
        line = String.join(",", f);
      }
      out.add(line);
    }
    Files.write(csv, out);
  }

  /** Appends rows to the prediction log through the public API. */
  void logPredictions(List<Oracle.Score> scores) {
    long written =
        Analytics.of(fs)
            .logPredictions(
                scores.stream()
                    .map(
                        s ->
                            new LoggedPrediction(
                                s.transactionId(),
                                "fraud",
                                s.modelVersion(),
                                s.score(),
                                s.threshold(),
                                s.score() >= s.threshold(),
                                s.scoredAt()))
                    .toList());
    if (written != scores.size()) {
      throw new AssertionError(written + " rows written for " + scores.size());
    }
  }

  /** A second connection to the offline PostgreSQL, for readers racing a refresh. */
  static Connection pgConnection() throws Exception {
    return DriverManager.getConnection(PG_URL, "postgres", "");
  }

  String pgSchema() {
    return pgSchema;
  }

  @Override
  public void close() throws Exception {
    fs.close();
    if (pgSchema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + pgSchema + "_analytics CASCADE");
        s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
      }
    }
  }
}
