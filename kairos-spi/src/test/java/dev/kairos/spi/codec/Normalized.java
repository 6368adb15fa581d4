package dev.kairos.spi.codec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helper: values with byte arrays turned into hex, so {@code equals} compares contents. */
final class Normalized {
  private Normalized() {}

  static List<Object> of(Object[] values) {
    List<Object> out = new ArrayList<>();
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
      return of(l.toArray());
    }
    return v;
  }
}
