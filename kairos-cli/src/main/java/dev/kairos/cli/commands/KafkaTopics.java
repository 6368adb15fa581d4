package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Where the Kafka cluster is, and the topic a command writes to. */
final class KafkaTopics {
  /** The servers when neither the option nor the environment names any. */
  static final String DEFAULT_SERVERS = "127.0.0.1:9092";

  static final String ENV = "KAIROS_KAFKA_BOOTSTRAP";

  /** How long a command waits for a broker that does not answer. */
  static final int TIMEOUT_SECONDS = 5;

  private KafkaTopics() {}

  /** {@code --bootstrap-servers}, else {@value #ENV}, else {@value #DEFAULT_SERVERS}. */
  static String bootstrapServers(String option, Map<String, String> env) {
    return bootstrapServers(option, env, DEFAULT_SERVERS);
  }

  /** The option, else the environment variable, else the repository's kafka.bootstrap_servers. */
  static String bootstrapServers(String option, Map<String, String> env, String configured) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String fromEnv = env.get(ENV);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : configured;
  }

  /** The error of a broker that does not answer, naming the servers and what to check. */
  static KairosException unreachable(String servers, Throwable cause) {
    return KairosException.unavailable(
        "no Kafka broker answered at "
            + servers
            + " within "
            + TIMEOUT_SECONDS
            + " s: is a broker running? start one with `kairos kafka`, or point"
            + " --bootstrap-servers (or "
            + ENV
            + ") at yours",
        cause);
  }

  /** A topic's partition count, and whether this call created it. */
  record Topic(String name, int partitions, boolean created) {}

  /**
   * The topic, created with {@code partitions} partitions (and the cluster's default replication
   * factor) when it does not exist.
   *
   * @throws KairosException UNAVAILABLE when no broker answers in {@link #TIMEOUT_SECONDS}
   */
  static Topic ensure(String servers, String topic, int partitions) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000))) {
      Optional<Integer> existing = partitions(admin, servers, topic);
      if (existing.isPresent()) {
        return new Topic(topic, existing.get(), false);
      }
      try {
        admin
            .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new Topic(topic, partitions, true);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          return new Topic(topic, partitions(admin, servers, topic).orElse(partitions), false);
        }
        throw KairosException.unavailable(
            "cannot create topic '" + topic + "' on " + servers + ": " + e.getCause().getMessage(),
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw unreachable(servers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while looking up topic '" + topic + "'", e);
    }
  }

  private static Optional<Integer> partitions(Admin admin, String servers, String topic)
      throws InterruptedException, TimeoutException {
    try {
      TopicDescription d =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(topic);
      return Optional.of(d.partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(servers, e.getCause());
      }
      throw KairosException.unavailable(
          "cannot look up topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
    }
  }
}
