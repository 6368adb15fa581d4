package dev.kairos.bench.materialize;

import java.nio.file.Path;
import java.util.List;

/**
 * Command-line options of {@link MaterializeBenchmark}.
 *
 * @param rows entity rows materialization writes (distinct users)
 * @param versions offline rows per user; the latest one is materialized
 * @param stores online stores to measure, among {@code rocksdb} and {@code redis}
 * @param redisUrl the Redis to write to; keys get a prefix unique to the run and are deleted
 * @param dir working folder, a fresh temporary one when null; deleted at the end unless given
 * @param output the markdown result file, or null for none
 */
record BenchOptions(
    long rows, int versions, List<String> stores, String redisUrl, Path dir, Path output) {
  static final String USAGE =
      "usage: MaterializeBenchmark [--rows N (10000000)] [--versions V (2)]"
          + " [--stores rocksdb,redis] [--redis-url redis://127.0.0.1:6379/0] [--dir DIR]"
          + " [--output FILE.md]";

  static BenchOptions parse(String[] args) {
    long rows = 10_000_000;
    int versions = 2;
    List<String> stores = List.of("rocksdb", "redis");
    String redisUrl = "redis://127.0.0.1:6379/0";
    Path dir = null;
    Path output = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (name) {
        case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
        case "--versions" -> versions = Integer.parseInt(value);
        case "--stores" -> stores = List.of(value.split(","));
        case "--redis-url" -> redisUrl = value;
        case "--dir" -> dir = Path.of(value);
        case "--output" -> output = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + name + "; " + USAGE);
      }
    }
    if (rows < 1000 || versions < 1) {
      throw new IllegalArgumentException("--rows must be at least 1000 and --versions at least 1");
    }
    for (String s : stores) {
      if (!s.equals("rocksdb") && !s.equals("redis")) {
        throw new IllegalArgumentException("unknown store '" + s + "'; use rocksdb and/or redis");
      }
    }
    return new BenchOptions(rows, versions, stores, redisUrl, dir, output);
  }
}
