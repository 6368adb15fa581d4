package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code kafka} section of {@code kairos.yaml}: where the topics of stream sources live.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the cluster (Kafka or Redpanda)
 * @param groupId the consumer group of {@code kairos stream}; processes with the same group share
 *     the partitions of a topic
 * @param properties further Kafka client settings, passed to consumers, producers and admin clients
 *     as they are (e.g. {@code security.protocol}, {@code sasl.jaas.config})
 */
public record KafkaSettings(
    String bootstrapServers, String groupId, Map<String, String> properties) {
  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

  /** Settings whose values are never printed. */
  private static final Set<String> SECRET_WORDS =
      Set.of("password", "secret", "jaas", "token", "key");

  public KafkaSettings {
    requireNonNull(bootstrapServers, "bootstrapServers");
    requireNonNull(groupId, "groupId");
    properties = Map.copyOf(properties);
  }

  /** The settings of a repository without a {@code kafka} section. */
  public static KafkaSettings defaults(String project) {
    return new KafkaSettings(DEFAULT_BOOTSTRAP, defaultGroup(project), Map.of());
  }

  public static String defaultGroup(String project) {
    return "kairos-" + project;
  }

  /** The same settings with other bootstrap servers (e.g. from a command-line flag). */
  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(servers, groupId, properties);
  }

  /** The properties with secret-looking values masked, for messages and logs. */
  public Map<String, String> maskedProperties() {
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) ? "****" : v));
    return out;
  }

  static boolean isSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(k::contains)
        && !k.endsWith(".serializer")
        && !k.endsWith(".deserializer");
  }
}
