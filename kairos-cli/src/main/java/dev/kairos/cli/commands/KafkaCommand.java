package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.kafka.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code kairos kafka}: a single-node Kafka broker to play with the stream by hand. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft, broker and controller in one) on 127.0.0.1, keeping"
          + " its data in --dir, for the demo and for trying 'kairos replay' by hand. Not for"
          + " production: one replica of everything.",
      "Topics are not created on first use; --topic creates them up front (replay creates its own)."
          + " Stops gracefully on Ctrl-C / SIGTERM."
    })
public final class KafkaCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1, 0 for a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--dir",
      defaultValue = "data/kafka",
      paramLabel = "DIR",
      description = "Folder of the broker's data, kept across runs (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Topic to create at start if missing; repeat for several.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--partitions",
      defaultValue = "4",
      paramLabel = "N",
      description = "Partitions of each --topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw KairosException.user(
          "--port " + port + " is not a port number; give 1 to 65535, or 0 for a free port");
    }
    if (partitions < 1) {
      throw KairosException.user("--partitions " + partitions + ": give 1 or more");
    }
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start(dir, port);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C end the wait below, so the broker stops cleanly and the exit code is 0
    // (a JVM stopped by a signal through its shutdown hooks exits with 128 + the signal).
    for (String signal : List.of("TERM", "INT")) {
      Signal.handle(new Signal(signal), s -> stopped.countDown());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kairos-kafka-shutdown"));
    String servers = kafka.bootstrapServers();
    System.out.printf(
        Locale.ROOT,
        "Kafka broker on %s (data in %s), started in %.1f s.%n",
        servers,
        kafka.dataDir(),
        (System.nanoTime() - t0) / 1e9);
    for (String t : topics) {
      boolean created = EmbeddedKafka.createTopic(servers, t, partitions);
      System.out.printf(
          Locale.ROOT,
          created ? "Created topic '%s' with %d partitions.%n" : "Topic '%s' exists already.%n",
          t,
          partitions);
    }
    System.out.printf(
        "Point a repository at it with kafka.bootstrap_servers: %s in kairos.yaml (the template"
            + " reads $%s, default 127.0.0.1:9092), then for example:%n"
            + "  export %s=%s%n"
            + "  kairos replay tx.csv --rate 1000     # the transactions, in event-time order%n"
            + "  kairos serve --stream               # consume them into the online store and serve%n"
            + "Ctrl-C stops it.%n",
        servers, KafkaTopics.ENV, KafkaTopics.ENV, servers);
    System.out.flush();
    stopped.await();
    System.out.println("Stopping the Kafka broker...");
    kafka.close();
    System.out.println("Stopped.");
    return 0;
  }
}
