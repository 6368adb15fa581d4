package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.EntityKey;
import java.time.Instant;

/**
 * One source event, as read for aggregation state.
 *
 * @param values the {@link EventQuery#columns()} in order, null where the column is null
 * @param createdTs null when the source has no created timestamp, or the row has none
 * @param seq the store's ingestion sequence: unique per row of the source, greater for rows
 *     ingested later; it identifies the event, so that state never counts one twice
 */
public record EventRow(
    EntityKey key, Instant eventTs, Instant createdTs, long seq, Object[] values) {
  public EventRow {
    requireNonNull(key, "key");
    requireNonNull(eventTs, "eventTs");
    requireNonNull(values, "values");
  }
}
