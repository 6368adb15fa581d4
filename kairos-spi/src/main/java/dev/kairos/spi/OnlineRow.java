package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.EntityKey;
import java.time.Instant;

/**
 * The stored state of one entity in one view: feature values in the order of the view's features,
 * the event timestamp of the source row they came from, and its created timestamp (null when the
 * source has none).
 *
 * <p>Ordering for "newer": by {@code eventTs}, then {@code createdTs} (null oldest). An online
 * store never replaces a row with an older one; an equal row may be rewritten.
 */
public record OnlineRow(EntityKey key, Object[] values, Instant eventTs, Instant createdTs) {
  public OnlineRow {
    requireNonNull(key, "key");
    requireNonNull(values, "values");
    requireNonNull(eventTs, "eventTs");
  }

  /** True when this row must not be overwritten by {@code other}. */
  public boolean isNewerThan(OnlineRow other) {
    int c = eventTs.compareTo(other.eventTs);
    if (c != 0) {
      return c > 0;
    }
    if (createdTs == null) {
      return false;
    }
    return other.createdTs == null || createdTs.isAfter(other.createdTs);
  }
}
