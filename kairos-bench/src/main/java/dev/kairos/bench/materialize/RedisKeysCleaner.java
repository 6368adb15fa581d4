package dev.kairos.bench.materialize;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** Deletes every key matching the benchmark's pattern (SCAN + UNLINK). */
final class RedisKeysCleaner implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String pattern;

  RedisKeysCleaner(RedisURI uri, String pattern) {
    this.client = RedisClient.create(uri);
    this.connection = client.connect();
    connection.setTimeout(Duration.ofSeconds(60));
    this.pattern = pattern;
  }

  long clean() {
    RedisCommands<String, String> redis = connection.sync();
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(10_000);
    long deleted = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        deleted += redis.unlink(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return deleted;
  }

  /** used_cpu_sys + used_cpu_user of the server, from INFO cpu. */
  double serverCpuSeconds() {
    double total = 0;
    for (String line : connection.sync().info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return total;
  }

  String loadScript(String script) {
    return connection.sync().scriptLoad(script);
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
