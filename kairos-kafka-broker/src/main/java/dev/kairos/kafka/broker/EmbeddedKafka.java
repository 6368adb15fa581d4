package dev.kairos.kafka.broker;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker in this process: KRaft, one node that is both broker and controller
 * (node id 1), listening on 127.0.0.1 only. Made for the demo, {@code kairos kafka} and tests, not
 * for production: every replication factor is 1 and nothing is tuned for durability.
 *
 * <p>{@link #start} formats the data folder on first use (a new cluster id) and reuses it after
 * that, so records survive a {@link #close()} and a new {@code start} on the same folder, even on
 * another port. Topics are never created automatically; see {@link #createTopic}.
 *
 * <p>Starting takes a few seconds (the KRaft controller elects itself, then the broker registers);
 * {@code start} returns once the broker answers metadata requests.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** How long {@link #start} waits for the broker to answer before giving up. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final String NODE_ID = "1";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
  }

  /**
   * Formats {@code dataDir} when it holds no broker yet, starts the broker and waits until it
   * answers.
   *
   * @param dataDir the broker's folder (log segments and KRaft metadata); created if missing
   * @param port the client port on 127.0.0.1, or 0 for a free one; the controller always takes a
   *     free port of its own
   * @throws KairosException UNAVAILABLE when the port is taken or the broker does not come up, USER
   *     when the folder cannot be used
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65535) {
      throw KairosException.user("port " + port + " is not a port number; give 1 to 65535, or 0");
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Map<String, String> settings = settings(dir.resolve("logs"), clientPort, controllerPort);
    format(dir, settings);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(settings, false), Time.SYSTEM);
    EmbeddedKafka kafka = new EmbeddedKafka(server, dir, clientPort);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.close();
      if (e instanceof KairosException) {
        throw e;
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.net.BindException) {
          throw KairosException.unavailable(
              "cannot start a Kafka broker: 127.0.0.1:"
                  + clientPort
                  + " is in use; stop what listens there or choose another port (0 = a free one)",
              e);
        }
      }
      throw KairosException.unavailable(
          "cannot start a Kafka broker on 127.0.0.1:" + clientPort + " in " + dir + ": " + e, e);
    }
    return kafka;
  }

  /** The address clients connect to: {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The client port. */
  public int port() {
    return port;
  }

  /** The broker's folder. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Creates a topic with the cluster's default replication factor.
   *
   * @return true when it was created, false when a topic of that name existed already (whatever its
   *     partition count)
   * @throws KairosException UNAVAILABLE when the servers cannot be reached within 10 seconds
   */
  public static boolean createTopic(String bootstrapServers, String topic, int partitions) {
    if (partitions < 1) {
      throw KairosException.user("a topic needs at least 1 partition, not " + partitions);
    }
    try (Admin admin = Admin.create(adminSettings(bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(10, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw KairosException.unavailable(
          "cannot create topic '" + topic + "' on " + bootstrapServers + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw KairosException.unavailable(
          "cannot create topic '" + topic + "': no answer from " + bootstrapServers + " in 10 s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while creating topic '" + topic + "'", e);
    }
  }

  /** Stops the broker and waits until it has shut down; the data folder is kept. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(adminSettings(bootstrapServers()))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw KairosException.unavailable(
                "the Kafka broker on "
                    + bootstrapServers()
                    + " did not answer within "
                    + START_TIMEOUT.toSeconds()
                    + " s",
                e);
          }
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while starting the Kafka broker", e);
    }
  }

  private static Map<String, Object> adminSettings(String bootstrapServers) {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
  }

  static Map<String, String> settings(Path logDir, int port, int controllerPort) {
    return Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", NODE_ID),
        Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
        Map.entry(
            "listeners",
            "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", logDir.toString()),
        Map.entry("num.partitions", "1"),
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // Internal topics: one replica, and few partitions so the first group or transaction
        // does not wait for 50 partitions to be created on a small machine.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "4"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "4"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("log.segment.bytes", String.valueOf(16 * 1024 * 1024)),
        Map.entry("log.retention.bytes", String.valueOf(1024L * 1024 * 1024)),
        Map.entry("num.network.threads", "2"),
        Map.entry("num.io.threads", "2"),
        Map.entry("background.threads", "2"));
  }

  /** Formats the folder unless a previous run did (its meta.properties is there). */
  private static void format(Path dir, Map<String, String> settings) {
    if (Files.exists(Path.of(settings.get("log.dirs"), "meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("server.properties");
      Properties props = new Properties();
      props.putAll(settings);
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "Written by kairos for the storage format step; regenerated on start");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int code;
      try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        code =
            StorageTool.execute(
                new String[] {
                  "format",
                  "--config",
                  config.toString(),
                  "--cluster-id",
                  Uuid.randomUuid().toString()
                },
                ps);
      }
      if (code != 0) {
        throw KairosException.user(
            "cannot format "
                + dir
                + " for Kafka: "
                + output.toString(StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "cannot prepare the Kafka folder " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof KairosException) {
        throw e;
      }
      throw new KairosException(
          ErrorKind.USER, "cannot format " + dir + " for Kafka: " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw KairosException.unavailable("cannot find a free port on 127.0.0.1", e);
    }
  }
}
