package dev.kairos.spi.codec;

import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Encodes one feature value of a known {@link ValueType}. */
public final class ValueCodec {
  private ValueCodec() {}

  public static void write(ByteWriter w, ValueType type, Object v) {
    if (type.isList()) {
      writeList(w, type.elementType(), (List<?>) v);
    } else {
      writeScalar(w, type, v);
    }
  }

  public static Object read(ByteReader r, ValueType type) {
    return type.isList() ? readList(r, type.elementType()) : readScalar(r, type);
  }

  private static void writeScalar(ByteWriter w, ValueType type, Object v) {
    switch (type) {
      case INT32 -> w.zigzag(integral(v, true));
      case INT64 -> w.zigzag(integral(v, false));
      case FLOAT -> w.fixed32(Float.floatToRawIntBits(((Number) v).floatValue()));
      case DOUBLE -> w.fixed64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
      case BOOL -> w.u8(((Boolean) v) ? 1 : 0);
      case STRING -> w.string((String) v);
      case BYTES -> w.bytes((byte[]) v);
      case TIMESTAMP -> w.zigzag(Timestamps.toMicros((Instant) v));
      default -> throw new IllegalArgumentException("not a scalar type: " + type);
    }
  }

  private static Object readScalar(ByteReader r, ValueType type) {
    return switch (type) {
      case INT32 -> (int) r.zigzag();
      case INT64 -> r.zigzag();
      case FLOAT -> Float.intBitsToFloat(r.fixed32());
      case DOUBLE -> Double.longBitsToDouble(r.fixed64());
      case BOOL -> r.u8() != 0;
      case STRING -> r.string();
      case BYTES -> r.bytes();
      case TIMESTAMP -> Timestamps.fromMicros(r.zigzag());
      default -> throw new IllegalArgumentException("not a scalar type: " + type);
    };
  }

  private static void writeList(ByteWriter w, ValueType element, List<?> list) {
    int n = list.size();
    boolean hasNulls = false;
    for (Object o : list) {
      if (o == null) {
        hasNulls = true;
        break;
      }
    }
    w.varint(((long) n << 1) | (hasNulls ? 1 : 0));
    if (hasNulls) {
      int start = w.size();
      for (int i = 0; i < (n + 7) >>> 3; i++) {
        w.u8(0);
      }
      for (int i = 0; i < n; i++) {
        if (list.get(i) == null) {
          w.orBit(start + (i >>> 3), i & 7);
        }
      }
    }
    for (Object o : list) {
      if (o != null) {
        writeScalar(w, element, o);
      }
    }
  }

  private static List<Object> readList(ByteReader r, ValueType element) {
    long head = r.varint();
    int n = (int) (head >>> 1);
    if (n < 0 || n > 1 << 28) {
      throw new IllegalArgumentException("list length " + (head >>> 1) + " out of range");
    }
    int bitmap = -1;
    if ((head & 1) != 0) {
      bitmap = r.pos();
      r.skip((n + 7) >>> 3);
    }
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(bitmap >= 0 && r.bit(bitmap, i) ? null : readScalar(r, element));
    }
    return Collections.unmodifiableList(out);
  }

  private static long integral(Object v, boolean int32) {
    if (v instanceof Long l) {
      if (int32 && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException("out of INT32 range: " + l);
      }
      return l;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw new IllegalArgumentException("not an integer: " + describe(v));
  }

  static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}
