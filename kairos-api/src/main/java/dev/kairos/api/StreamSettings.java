package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The Kafka topic that carries a source's events as they happen: the {@code stream:} block of a
 * source. The topic holds the same events as the source's offline table; {@code kairos stream}
 * appends each streamed event to that table, so training data is exactly what was streamed.
 *
 * @param topic the topic the events are read from
 * @param format the encoding of a record's value; {@code json} (an object whose keys are the
 *     source's field names, see {@code docs/streaming.md})
 * @param key the source field that producers key records by, so that one entity's events go to one
 *     partition, in order
 * @param allowedLateness how far behind the latest event time seen on its partition an event may
 *     arrive and still update the online windows; a later event is still written offline, counted
 *     as late, and corrected by the next batch materialization
 * @param deadLetterTopic where events that cannot be applied go, with the reason and their original
 *     bytes
 */
public record StreamSettings(
    String topic, String format, String key, Duration allowedLateness, String deadLetterTopic) {

  /** The event format when none is given. */
  public static final String JSON = "json";

  /** The allowed lateness when none is given. */
  public static final Duration DEFAULT_LATENESS = Duration.ofMinutes(5);

  public StreamSettings {
    requireNonNull(topic, "topic");
    requireNonNull(format, "format");
    requireNonNull(key, "key");
    requireNonNull(allowedLateness, "allowedLateness");
    requireNonNull(deadLetterTopic, "deadLetterTopic");
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowedLateness is negative: " + allowedLateness);
    }
  }

  /** The dead-letter topic's name when none is given: the topic's with {@code .dlq} appended. */
  public static String defaultDeadLetterTopic(String topic) {
    return topic + ".dlq";
  }
}
