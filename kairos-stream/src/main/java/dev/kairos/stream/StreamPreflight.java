package dev.kairos.stream;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.StreamSettings;
import dev.kairos.core.config.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What is checked before a stream consumes anything: the source has a stream, the views exist, read
 * that source and are online, the broker answers, the topic exists; the dead-letter topic is
 * created when missing.
 */
public final class StreamPreflight {
  private StreamPreflight() {}

  /** The stream settings of {@code sourceName}; USER errors name what to fix. */
  public static StreamSettings settings(Definitions d, String sourceName) {
    Source s =
        d.source(sourceName)
            .orElseThrow(
                () ->
                    KairosException.user(
                        "unknown source '"
                            + sourceName
                            + "'; sources with a stream: "
                            + streamed(d)));
    return s.streaming()
        .orElseThrow(
            () ->
                KairosException.user(
                    "source '"
                        + sourceName
                        + "' has no stream: add a 'stream: {topic: ..., key: ...}' block to it"
                        + " in the definitions, then kairos apply"));
  }

  /** The names of the sources that have a stream, for messages. */
  public static String streamed(Definitions d) {
    List<String> out =
        d.sources().stream().filter(s -> s.streaming().isPresent()).map(Source::name).toList();
    return out.isEmpty() ? "(none: add a stream: block to a source)" : String.join(", ", out);
  }

  /** The online views of the source, or those named (each must read the source and be online). */
  public static List<FeatureView> views(Definitions d, Source source, List<String> names) {
    List<FeatureView> onSource =
        d.views().stream().filter(v -> v.source().equals(source.name()) && v.online()).toList();
    if (names == null || names.isEmpty()) {
      return onSource;
    }
    List<FeatureView> out = new ArrayList<>();
    for (String n : names) {
      FeatureView v =
          onSource.stream()
              .filter(x -> x.name().equals(n))
              .findFirst()
              .orElseThrow(
                  () ->
                      KairosException.user(
                          "view '"
                              + n
                              + "' is not an online view of source '"
                              + source.name()
                              + "'; the stream updates: "
                              + Definitions.names(onSource, FeatureView::name)));
      out.add(v);
    }
    return out;
  }

  /**
   * Checks the topic exists and creates the dead-letter topic when missing.
   *
   * @return the topic's number of partitions
   * @throws KairosException UNAVAILABLE when the brokers do not answer; USER when the topic is
   *     missing
   */
  public static int topics(KafkaSettings kafka, Source source, StreamSettings stream) {
    try (Admin admin = Admin.create(KafkaClients.admin(kafka))) {
      int partitions = describe(admin, kafka, source, stream.topic());
      if (partitions < 0) {
        throw KairosException.user(
            "topic '"
                + stream.topic()
                + "' of source '"
                + source.name()
                + "' does not exist on "
                + kafka.bootstrapServers()
                + "; create it (kairos replay creates it, or kafka-topics --create) or fix"
                + " stream.topic in the definitions");
      }
      if (describe(admin, kafka, source, stream.deadLetterTopic()) < 0) {
        try {
          admin
              .createTopics(List.of(new NewTopic(stream.deadLetterTopic(), partitions, (short) -1)))
              .all()
              .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw unavailable(
                kafka,
                "cannot create dead-letter topic '" + stream.deadLetterTopic() + "'",
                e.getCause());
          }
        }
      }
      return partitions;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KairosException(ErrorKind.UNAVAILABLE, "interrupted while checking Kafka", e);
    } catch (TimeoutException e) {
      throw unavailable(kafka, "no answer within 10 s", e);
    }
  }

  private static int describe(Admin admin, KafkaSettings kafka, Source source, String topic)
      throws InterruptedException, TimeoutException {
    try {
      Map<String, TopicDescription> d =
          admin.describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
      return d.get(topic).partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return -1;
      }
      throw unavailable(kafka, "cannot describe topic '" + topic + "'", e.getCause());
    }
  }

  static KairosException unavailable(KafkaSettings kafka, String what, Throwable cause) {
    return new KairosException(
        ErrorKind.UNAVAILABLE,
        "Kafka at "
            + kafka.bootstrapServers()
            + " is unavailable ("
            + what
            + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())
            + "); check that a broker runs there (kairos kafka starts one) and that"
            + " kafka.bootstrap_servers in kairos.yaml names it",
        cause);
  }
}
