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
 */
public record Source(
    String name,
    String table,
    List<Field> fields,
    String timestampField,
    String createdTimestampField,
    String description,
    String validation) {
  public Source {
    requireNonNull(name, "name");
    requireNonNull(table, "table");
    fields = List.copyOf(fields);
    requireNonNull(timestampField, "timestampField");
    description = description == null ? "" : description;
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

  public Optional<String> validationSuite() {
    return Optional.ofNullable(validation);
  }
}
