package dev.kairos.ml;

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
import java.util.Map;
import java.util.UUID;

/**
 * The fraud template repository with generated transactions ingested, on the embedded stores
 * (DuckDB, RocksDB, file registry) or with its registry in PostgreSQL (own schema, dropped on
 * close).
 */
public final class FraudRepo implements AutoCloseable {
  public static final String PG_URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  public final Path dir;
  public final Path transactions;
  public final FeatureStore fs;
  private final String pgSchema;

  private FraudRepo(
      Path dir, int users, int days, boolean pgRegistry, Instant now, String extraConfig)
      throws Exception {
    this.dir = dir;
    RepoTemplate.write(dir);
    this.pgSchema =
        pgRegistry ? "ml" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : null;
    String config = Files.readString(dir.resolve("kairos.yaml"));
    if (pgRegistry) {
      config =
          config.replace(
              "registry:\n  type: file\n  path: data/registry\n",
              "registry:\n  type: postgres\n  url: "
                  + PG_URL
                  + "\n  user: postgres\n  schema: "
                  + pgSchema
                  + "\n");
    }
    Files.writeString(dir.resolve("kairos.yaml"), config + extraConfig);
    this.transactions = dir.resolve("transactions.csv");
    GeneratorOutput.write(new GeneratorConfig(users, days, 7, START), transactions);
    this.fs = FeatureStore.open(dir, Clock.fixed(now, ZoneOffset.UTC), Map.of());
    fs.apply(false);
    fs.ingest("transactions", transactions);
  }

  /** Embedded stores, {@code users} card holders over {@code days} days from {@link #START}. */
  public static FraudRepo embedded(Path dir, int users, int days) throws Exception {
    return new FraudRepo(dir, users, days, false, START.plusSeconds(86_400L * days), "");
  }

  public static FraudRepo embedded(Path dir, int users, int days, String extraConfig)
      throws Exception {
    return new FraudRepo(dir, users, days, false, START.plusSeconds(86_400L * days), extraConfig);
  }

  /** The registry (runs, models) in PostgreSQL. */
  public static FraudRepo pgRegistry(Path dir, int users, int days) throws Exception {
    return new FraudRepo(dir, users, days, true, START.plusSeconds(86_400L * days), "");
  }

  /** Deletes a folder and everything in it. */
  public static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws Exception {
    fs.close();
    if (pgSchema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
      }
    }
  }
}
