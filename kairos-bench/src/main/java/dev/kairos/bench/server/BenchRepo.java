package dev.kairos.bench.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Writes a feature repository for the server load test: one entity {@code user}, one source and one
 * view {@code user_features} of {@code FEATURES} features (cycling DOUBLE, INT64, FLOAT, STRING,
 * BOOL), a service {@code bench} naming all of them, and {@code data/users.csv} with one row per
 * user (ids 1..ENTITIES, event time one hour ago, so every value is PRESENT).
 *
 * <pre>
 * java -cp benchmarks.jar dev.kairos.bench.server.BenchRepo DIR ENTITIES FEATURES \
 *     rocksdb | redis REDIS_URL KEY_PREFIX
 * </pre>
 */
public final class BenchRepo {
  static final String[] TYPES = {"DOUBLE", "INT64", "FLOAT", "STRING", "BOOL"};
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private BenchRepo() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4 || (args[3].equals("redis") && args.length < 6)) {
      System.err.println(
          "usage: BenchRepo DIR ENTITIES FEATURES (rocksdb | redis REDIS_URL KEY_PREFIX)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int entities = Integer.parseInt(args[1]);
    int features = Integer.parseInt(args[2]);
    String online =
        args[3].equals("redis")
            ? "  type: redis\n  url: " + args[4] + "\n  key_prefix: " + args[5] + "\n"
            : "  type: rocksdb\n  path: data/online\n";
    Files.createDirectories(dir.resolve("features"));
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("kairos.yaml"),
        "project: serverbench\n"
            + "registry:\n  type: file\n  path: data/registry\n"
            + "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n"
            + "online_store:\n"
            + online
            + "server:\n  port: 6566\n  max_entities: 1000\n");
    Files.writeString(dir.resolve("features/bench.yaml"), definitions(features));
    writeData(dir.resolve("data/users.csv"), entities, features);
  }

  private static String definitions(int features) {
    StringBuilder fields = new StringBuilder();
    StringBuilder viewFeatures = new StringBuilder();
    for (int f = 0; f < features; f++) {
      String line = "      - {name: " + name(f) + ", type: " + TYPES[f % TYPES.length] + "}\n";
      fields.append(line);
      viewFeatures.append(line);
    }
    return "entities:\n"
        + "  - {name: user, join_keys: [user_id], value_type: INT64}\n"
        + "sources:\n"
        + "  - name: user_stats\n"
        + "    table: user_stats\n"
        + "    timestamp_field: event_timestamp\n"
        + "    fields:\n"
        + "      - {name: user_id, type: INT64}\n"
        + "      - {name: event_timestamp, type: TIMESTAMP}\n"
        + fields
        + "feature_views:\n"
        + "  - name: user_features\n"
        + "    entities: [user]\n"
        + "    source: user_stats\n"
        + "    ttl: 30d\n"
        + "    online: true\n"
        + "    features:\n"
        + viewFeatures
        + "feature_services:\n"
        + "  - {name: bench, features: [\"user_features:*\"]}\n";
  }

  static String name(int f) {
    return String.format("f%02d", f);
  }

  private static void writeData(Path csv, int entities, int features) throws IOException {
    SplittableRandom rng = new SplittableRandom(42);
    String ts = TS.format(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600));
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("user_id,event_timestamp");
      for (int f = 0; f < features; f++) {
        out.write("," + name(f));
      }
      out.write('\n');
      StringBuilder line = new StringBuilder(features * 12);
      for (int id = 1; id <= entities; id++) {
        line.setLength(0);
        line.append(id).append(',').append(ts);
        for (int f = 0; f < features; f++) {
          line.append(',');
          switch (TYPES[f % TYPES.length]) {
            case "DOUBLE" -> line.append(Math.round(rng.nextDouble() * 1e6) / 1e3);
            case "INT64" -> line.append(rng.nextLong(1_000_000_000L));
            case "FLOAT" -> line.append(Math.round(rng.nextDouble() * 1e4) / 1e2);
            case "STRING" -> line.append("cat_").append(rng.nextInt(1000));
            default -> line.append(rng.nextBoolean());
          }
        }
        out.write(line.append('\n').toString());
      }
    }
  }
}
