package dev.kairos.core.definitions;

import dev.kairos.api.StreamSettings;
import dev.kairos.core.definitions.Declared.FieldDecl;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code stream:} block of a source: the Kafka topic that carries the source's events.
 * Every problem is reported at its line and column, like the rest of the definitions.
 */
final class StreamParser {
  static final List<String> KEYS =
      List.of("topic", "key", "format", "allowed_lateness", "dead_letter_topic");

  /** Kafka's own rule for topic names. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final Duration MAX_LATENESS = Duration.ofDays(7);

  private final String file;
  private final Problems problems;

  StreamParser(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * The stream of the source mapping {@code source}, null when it has none or it is malformed
   * (reported).
   *
   * @param fields the source's fields, null when they are malformed
   */
  StreamSettings parse(YamlMap source, String sourceName, List<FieldDecl> fields) {
    Optional<Node> node = source.node("stream");
    if (node.isEmpty()) {
      return null;
    }
    String what = "stream of source '" + sourceName + "'";
    Optional<YamlMap> opened = YamlMap.open(file, node.get(), what, KEYS, problems);
    if (opened.isEmpty()) {
      return null;
    }
    YamlMap m = opened.get();
    int before = problems.errors().size();
    String topic =
        topic(m, "topic", m.requiredText("topic", "the Kafka topic, such as transactions"));
    String key = m.requiredText("key", "the field producers key records by, such as user_id");
    if (key != null
        && fields != null
        && fields.stream().noneMatch(f -> key.equals(f.name().name()))) {
      List<String> names = fields.stream().map(f -> f.name().name()).toList();
      problems.add(
          m.pos("key"),
          "key '"
              + key
              + "' of "
              + what
              + " is not a field of the source"
              + Suggestions.nearest(key, names)
                  .map(s -> "; did you mean '" + s + "'?")
                  .orElse("; fields: " + String.join(", ", names)));
    }
    String format = m.has("format") ? m.text("format") : StreamSettings.JSON;
    if (format != null && !StreamSettings.JSON.equals(format)) {
      problems.add(
          m.pos("format"),
          "format '" + format + "' of " + what + " is not supported; the one format is json");
    }
    Duration lateness = StreamSettings.DEFAULT_LATENESS;
    String latenessText = m.text("allowed_lateness");
    if (latenessText != null) {
      lateness = Ttl.parse(latenessText).orElse(null);
      if (lateness == null || lateness.compareTo(MAX_LATENESS) > 0) {
        problems.add(
            m.pos("allowed_lateness"),
            "allowed_lateness '"
                + latenessText
                + "' of "
                + what
                + " must be a duration from 0 to 7d, like 30s, 5m or 1h");
      }
    }
    String dlq =
        m.has("dead_letter_topic")
            ? topic(m, "dead_letter_topic", m.text("dead_letter_topic"))
            : topic == null ? null : StreamSettings.defaultDeadLetterTopic(topic);
    if (dlq != null && dlq.equals(topic)) {
      problems.add(
          m.pos("dead_letter_topic"),
          "dead_letter_topic of " + what + " is the topic itself; name another topic");
    }
    if (problems.errors().size() > before || topic == null || key == null || dlq == null) {
      return null;
    }
    return new StreamSettings(topic, format, key, lateness, dlq);
  }

  private String topic(YamlMap m, String key, String text) {
    if (text == null) {
      return null;
    }
    if (!TOPIC.matcher(text).matches() || text.equals(".") || text.equals("..")) {
      problems.add(
          m.pos(key),
          key
              + " '"
              + text
              + "' is not a valid Kafka topic name: use 1 to 249 letters, digits, '.', '_' or"
              + " '-'");
      return null;
    }
    return text;
  }
}
