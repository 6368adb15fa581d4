package dev.kairos.bench.materialize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw Redis write ceiling, measured by {@code redis-benchmark} with pipelining: keys as long as
 * Kairos' keys (a random 12-digit number padded to the 18 hex digits of an INT64 entity key),
 * values as long as Kairos' encoded rows.
 */
final class RedisCeiling {
  private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");

  private final String host;
  private final int port;
  private final String keyHead;
  private final String keyTail;

  /** Keys are {@code keyHead + <12 digits> + "000000" + keyTail}. */
  RedisCeiling(String host, int port, String keyHead, String keyTail) {
    this.host = host;
    this.port = port;
    this.keyHead = keyHead;
    this.keyTail = keyTail;
  }

  private String key() {
    return keyHead + "__rand_int__000000" + keyTail;
  }

  /** Plain {@code SET key value}, pipelined: the cheapest write Redis has. Returns rows/s. */
  double set(long rows, int valueBytes, int clients, int pipeline) throws IOException {
    List<String> cmd = base(rows, rows, clients, pipeline);
    cmd.add("SET");
    cmd.add(key());
    cmd.add("v".repeat(valueBytes));
    return run(cmd);
  }

  /**
   * {@code MSET} of {@code keysPerCall} keys, pipelined: the cheapest batched write Redis has, and
   * what Kairos' script issues once per chunk after its {@code MGET}. Returns rows/s.
   */
  double mset(long rows, int valueBytes, int keysPerCall, int clients, int pipeline)
      throws IOException {
    List<String> cmd = base(rows / keysPerCall, rows, clients, pipeline);
    cmd.add("MSET");
    String value = "v".repeat(valueBytes);
    for (int i = 0; i < keysPerCall; i++) {
      cmd.add(key());
      cmd.add(value);
    }
    return run(cmd) * keysPerCall;
  }

  /**
   * Kairos' own compare-and-set script, {@code keysPerCall} keys per {@code EVALSHA}, pipelined:
   * what the store asks of Redis, without any client-side work. Returns rows/s.
   */
  double script(String sha, long rows, int valueBytes, int keysPerCall, int clients, int pipeline)
      throws IOException {
    List<String> cmd = base(rows / keysPerCall, rows, clients, pipeline);
    cmd.add("EVALSHA");
    cmd.add(sha);
    cmd.add(Integer.toString(keysPerCall));
    for (int i = 0; i < keysPerCall; i++) {
      cmd.add(key());
    }
    cmd.add("0");
    // Equal ordering bytes: when a key repeats, the script compares all 16 and writes.
    String value = "a".repeat(valueBytes);
    for (int i = 0; i < keysPerCall; i++) {
      cmd.add(value);
    }
    return run(cmd) * keysPerCall;
  }

  private List<String> base(long requests, long keyspace, int clients, int pipeline) {
    List<String> cmd = new ArrayList<>();
    cmd.add("redis-benchmark");
    cmd.add("-h");
    cmd.add(host);
    cmd.add("-p");
    cmd.add(Integer.toString(port));
    cmd.add("-n");
    cmd.add(Long.toString(requests));
    cmd.add("-r");
    cmd.add(Long.toString(keyspace));
    cmd.add("-c");
    cmd.add(Integer.toString(clients));
    cmd.add("-P");
    cmd.add(Integer.toString(pipeline));
    cmd.add("-q");
    return cmd;
  }

  private static double run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (p.waitFor() != 0) {
        throw new IOException("redis-benchmark failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for redis-benchmark", e);
    }
    // -q prints progress lines ending in '\r' and then the final figure.
    Matcher m = RPS.matcher(out.substring(Math.max(0, out.lastIndexOf('\r'))));
    if (!m.find()) {
      throw new IOException("no 'requests per second' in redis-benchmark output: " + out);
    }
    return Double.parseDouble(m.group(1));
  }
}
