package dev.kairos.testkit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Feature values in a form whose {@code equals} compares contents (byte arrays as hex). */
public final class Values {
  private Values() {}

  /** The values as a list, byte arrays (also inside lists) replaced by {@code 0x…} strings. */
  public static List<Object> normalized(Object[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (Object v : values) {
      out.add(one(v));
    }
    return out;
  }

  private static Object one(Object v) {
    if (v instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    if (v instanceof List<?> l) {
      return normalized(l.toArray());
    }
    return v;
  }
}
