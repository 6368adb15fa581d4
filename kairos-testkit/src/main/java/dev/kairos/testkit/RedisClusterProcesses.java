package dev.kairos.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster for tests: primaries started with {@code redis-server} on free ports of this
 * machine (each with its own folder and bus port), joined by {@code redis-cli --cluster create},
 * and stopped and deleted by {@link #close}.
 */
public final class RedisClusterProcesses implements AutoCloseable {
  private final Path dir;
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private RedisClusterProcesses(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts {@code primaries} nodes and waits until the cluster reports {@code cluster_state:ok}.
   */
  public static RedisClusterProcesses start(int primaries)
      throws IOException, InterruptedException {
    RedisClusterProcesses cluster =
        new RedisClusterProcesses(Files.createTempDirectory("kairos-redis-cluster"));
    try {
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (int i = 0; i < primaries; i++) {
        int port = freePort();
        cluster.startNode(port, freePort());
        create.add("127.0.0.1:" + port);
      }
      create.add("--cluster-yes");
      String out = run(create);
      if (!out.contains("All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      cluster.awaitState();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The URL of one node, as a user would configure it. */
  public String url() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Runs a redis-cli command against the node on {@code port}; returns its output. */
  public static String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return run(command);
  }

  private void startNode(int port, int busPort) throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve(Integer.toString(port)));
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-port",
                Integer.toString(busPort),
                "--cluster-config-file",
                home.resolve("nodes.conf").toString(),
                "--cluster-node-timeout",
                "5000",
                "--dir",
                home.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("redis.log").toFile())
            .start();
    nodes.add(p);
    ports.add(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!run(List.of("redis-cli", "-p", Integer.toString(port), "ping")).contains("PONG")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "redis-server did not start on port "
                + port
                + ": "
                + Files.readString(home.resolve("redis.log")));
      }
      Thread.sleep(20);
    }
  }

  private void awaitState() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int port : ports) {
      while (!run(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"))
          .contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the test cluster did not reach cluster_state:ok");
        }
        Thread.sleep(50);
      }
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (Process p : nodes) {
      p.destroy();
    }
    for (Process p : nodes) {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (!Files.exists(dir)) {
      return; // closed before
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
