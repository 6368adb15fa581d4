package dev.kairos.bench.materialize;

import java.lang.management.ManagementFactory;

/** CPU seconds used by this JVM and, when a Redis is measured, by redis-server. */
final class Cpu {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final RedisKeysCleaner redis;
  private final long jvm;
  private final double server;

  private Cpu(RedisKeysCleaner redis) {
    this.redis = redis;
    this.jvm = OS.getProcessCpuTime();
    this.server = redis == null ? 0 : redis.serverCpuSeconds();
  }

  static Cpu start() {
    return new Cpu(null);
  }

  static Cpu start(RedisKeysCleaner redis) {
    return new Cpu(redis);
  }

  /** "12.3" or "12.3 / 4.5" with the Redis server's share. */
  String used() {
    double j = (OS.getProcessCpuTime() - jvm) / 1e9;
    if (redis == null) {
      return String.format("%.1f", j);
    }
    return String.format("%.1f / %.1f", j, redis.serverCpuSeconds() - server);
  }
}
