package dev.kairos.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository of the online aggregation benchmark ({@code bin/server-agg.sh}): the fraud source,
 * a service {@code agg} of 21 windowed aggregations over user, merchant and device (those of the
 * offline aggregation benchmark), and a service {@code plain} of 21 plain features over the same
 * three entities, so both requests name the same keys and read three views.
 *
 * <pre>
 * java -cp benchmarks.jar dev.kairos.bench.server.AggServerRepo DIR (rocksdb | redis URL PREFIX)
 * </pre>
 */
public final class AggServerRepo {
  private AggServerRepo() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || (args[1].equals("redis") && args.length < 4)) {
      throw new IllegalArgumentException(
          "usage: AggServerRepo DIR (rocksdb | redis REDIS_URL KEY_PREFIX)");
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir.resolve("features"));
    String online =
        args[1].equals("redis")
            ? "  type: redis\n  url: " + args[2] + "\n  key_prefix: " + args[3] + "\n"
            : "  type: rocksdb\n  path: data/online\n";
    Files.writeString(
        dir.resolve("kairos.yaml"),
        "project: aggserverbench\nregistry:\n  type: file\n  path: data/registry\n"
            + "offline_store:\n  type: duckdb\n  path: data/offline.duckdb\n"
            + "online_store:\n"
            + online);
    Files.writeString(
        dir.resolve("features/bench.yaml"), dev.kairos.bench.offline.AggDefinitions.SERVING);
  }
}
