package dev.kairos.spi.codec;

import dev.kairos.api.EntityKey;
import dev.kairos.api.KairosException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity key values to bytes, tagged by runtime class (format in {@link RowCodec}); key values are
 * never null.
 */
final class KeyCodec {
  private static final int INTEGRAL = 1;
  private static final int STRING = 2;
  private static final int BOOL = 3;
  private static final int BYTES = 4;
  private static final int FLOATING = 5;
  private static final int TIMESTAMP = 6;

  private KeyCodec() {}

  static void write(ByteWriter w, EntityKey key) {
    for (Object v : key.values()) {
      if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        w.u8(INTEGRAL);
        w.fixed64(((Number) v).longValue() ^ Long.MIN_VALUE);
      } else if (v instanceof String s) {
        w.u8(STRING);
        w.string(s);
      } else if (v instanceof Boolean b) {
        w.u8(BOOL);
        w.u8(b ? 1 : 0);
      } else if (v instanceof byte[] b) {
        w.u8(BYTES);
        w.bytes(b);
      } else if (v instanceof Double || v instanceof Float) {
        w.u8(FLOATING);
        w.fixed64(Double.doubleToLongBits(((Number) v).doubleValue()));
      } else if (v instanceof Instant t) {
        w.u8(TIMESTAMP);
        w.zigzag(Timestamps.toMicros(t));
      } else {
        throw KairosException.user(
            "entity key value "
                + v
                + " has type "
                + v.getClass().getName()
                + "; keys must be integers, strings, booleans, bytes, floats or timestamps");
      }
    }
  }

  static EntityKey read(ByteReader r) {
    List<Object> values = new ArrayList<>();
    while (r.hasMore()) {
      int tag = r.u8();
      values.add(
          switch (tag) {
            case INTEGRAL -> r.fixed64() ^ Long.MIN_VALUE;
            case STRING -> r.string();
            case BOOL -> r.u8() != 0;
            case BYTES -> r.bytes();
            case FLOATING -> Double.longBitsToDouble(r.fixed64());
            case TIMESTAMP -> Timestamps.fromMicros(r.zigzag());
            default -> throw new IllegalArgumentException("unknown key tag " + tag);
          });
    }
    return new EntityKey(values);
  }
}
