package dev.kairos.testkit;

import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One sample value of every {@link ValueType}, in enum order, for round-trip tests. */
public final class AllTypes {
  private AllTypes() {}

  public static List<Object> values() {
    Instant t = Instant.parse("2026-03-04T05:06:07.123456Z");
    List<Object> out = new ArrayList<>();
    for (ValueType type : ValueType.values()) {
      out.add(sample(type, t));
    }
    return out;
  }

  private static Object sample(ValueType type, Instant t) {
    return switch (type) {
      case INT32 -> -7;
      case INT64 -> 1L << 40;
      case FLOAT -> 1.5f;
      case DOUBLE -> -2.25;
      case STRING -> "h\u00e9llo, \"world\"";
      case BOOL -> true;
      case BYTES -> new byte[] {0, 1, (byte) 0xff};
      case TIMESTAMP -> t;
      case INT32_LIST -> List.of(1, -2);
      case INT64_LIST -> Arrays.asList(3L, null);
      case FLOAT_LIST -> List.of(0.5f);
      case DOUBLE_LIST -> List.of(1.25, -0.5);
      case STRING_LIST -> List.of("a", "b,c", "");
      case BOOL_LIST -> List.of(true, false);
      case BYTES_LIST -> List.of(new byte[] {2, 3});
      case TIMESTAMP_LIST -> List.of(t, t.plusSeconds(1));
    };
  }
}
