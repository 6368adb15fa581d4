package dev.kairos.server.internal;

import java.time.Instant;
import java.util.function.Function;

/**
 * Converts each entity row's event time once per response. Every feature of a view read for one row
 * carries the same event time, so a 100-row, 50-feature answer needs 100 conversions instead of
 * 5,000 (ISO text or protobuf timestamps dominated the encoders' allocations).
 */
final class RowMemo<T> {
  private final Instant[] keys;
  private final Object[] values;
  private final Function<Instant, T> convert;

  RowMemo(int rows, Function<Instant, T> convert) {
    this.keys = new Instant[rows];
    this.values = new Object[rows];
    this.convert = convert;
  }

  @SuppressWarnings("unchecked")
  T get(int row, Instant time) {
    if (!time.equals(keys[row])) {
      keys[row] = time;
      values[row] = convert.apply(time);
    }
    return (T) values[row];
  }
}
