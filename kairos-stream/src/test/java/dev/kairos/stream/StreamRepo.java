package dev.kairos.stream;

import dev.kairos.api.FeatureView;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.testkit.RedisClusterProcesses;
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
 * A feature repository in a temporary folder for stream tests, on embedded stores (DuckDB +
 * RocksDB) or on the machine's PostgreSQL + Redis, each test with its own schema or key prefix.
 */
final class StreamRepo implements AutoCloseable {
  enum Stores {
    EMBEDDED,
    POSTGRES_REDIS,
    /** PostgreSQL and a three-primary Redis Cluster the repository starts and stops. */
    POSTGRES_REDIS_CLUSTER
  }

  static final String PG_URL =
      System.getenv().getOrDefault("KAIROS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String REDIS_URL =
      System.getenv().getOrDefault("KAIROS_REDIS_URL", "redis://127.0.0.1:6379");

  final Path dir;
  final Stores stores;
  final String id = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final FeatureStore fs;

  private final String redisUrl;
  private final RedisClusterProcesses cluster;

  StreamRepo(Path dir, Stores stores, String definitions, String bootstrap, Instant now)
      throws Exception {
    this(dir, stores, definitions, bootstrap, now, REDIS_URL);
  }

  StreamRepo(
      Path dir, Stores stores, String definitions, String bootstrap, Instant now, String redisUrl)
      throws Exception {
    this.cluster = stores == Stores.POSTGRES_REDIS_CLUSTER ? RedisClusterProcesses.start(3) : null;
    this.redisUrl = cluster != null ? cluster.url() : redisUrl;
    this.dir = dir;
    this.stores = stores;
    Files.createDirectories(dir.resolve("features"));
    Files.writeString(dir.resolve("features/defs.yaml"), definitions);
    Files.writeString(dir.resolve("kairos.yaml"), config(bootstrap));
    this.fs = FeatureStore.open(dir, Clock.fixed(now, ZoneOffset.UTC), Map.of());
    fs.apply(true);
  }

  private String config(String bootstrap) {
    String common =
        "project: streamtest\nkafka:\n  bootstrap_servers: "
            + bootstrap
            + "\n  group_id: "
            + id
            + "\n";
    if (stores == Stores.EMBEDDED) {
      return common;
    }
    return common
        + "offline_store:\n  type: postgres\n  url: "
        + PG_URL
        + "\n  schema: "
        + id
        + "\nonline_store:\n  type: redis\n  url: "
        + redisUrl
        + "\n  key_prefix: "
        + id
        + (cluster != null ? "\n  cluster: true" : "")
        + "\n";
  }

  @Override
  public void close() throws Exception {
    try {
      for (FeatureView v : fs.definitions().views()) {
        fs.onlineStore().deleteView(v);
        if (v.hasAggregations()) {
          fs.onlineStore().deleteView(AggregationLayout.of(v, fs.definitions()).storageView());
        }
      }
    } finally {
      fs.close();
      if (cluster != null) {
        cluster.close();
      }
      if (stores != Stores.EMBEDDED) {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + id + " CASCADE");
        }
      }
    }
  }
}
