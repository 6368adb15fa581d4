package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table of timestamped rows in the offline store.
 *
 * @param table the offline table name
 * @param fields every column, including the join keys and the timestamp columns
 * @param timestampField the event time column: when the row's values became true
 * @param createdTimestampField optional column: when the row was written; breaks ties between rows
 *     with the same event time, and with {@code as_of_created} hides backfilled rows
 * @param validation optional path (relative to the repository) of an expectation suite every
 *     ingested batch must pass
 * @param stream optional: the Kafka topic that carries the same events as they happen
 */
public record Source(
    String name,
    String table,
    List<Field> fields,
    String timestampField,
    String createdTimestampField,
    String description,
    String validation,
    StreamSettings stream) {
  public Source {
    requireNonNull(name, "name");
    requireNonNull(table, "table");
    fields = List.copyOf(fields);
    requireNonNull(timestampField, "timestampField");
    description = description == null ? "" : description;
  }

  /** A source without a stream. */
  public Source(
      String name,
      String table,
      List<Field> fields,
      String timestampField,
      String createdTimestampField,
      String description,
      String validation) {
    this(name, table, fields, timestampField, createdTimestampField, description, validation, null);
  }

  /** The same source with this stream (null for none). */
  public Source withStream(StreamSettings settings) {
    return new Source(
        name,
        table,
        fields,
        timestampField,
        createdTimestampField,
        description,
        validation,
        settings);
  }

  /** The field with this name, if the source has one. */
  public Optional<Field> field(String fieldName) {
    for (Field f : fields) {
      if (f.name().equals(fieldName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public Optional<String> createdTimestamp() {
    return Optional.ofNullable(createdTimestampField);
  }

  /** The stream that carries this source's events, if it has one. */
  public Optional<StreamSettings> streaming() {
    return Optional.ofNullable(stream);
  }

  public Optional<String> validationSuite() {
    return Optional.ofNullable(validation);
  }
}
