package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One expectation of a suite, exactly as written in Great Expectations' JSON: its type, its
 * arguments and free-form metadata. Arguments keep JSON types: String, Number, Boolean, List, Map
 * or null.
 *
 * @param index the position in the suite's {@code expectations} array, from 0
 */
public record ExpectationConfig(
    int index, String type, Map<String, Object> kwargs, Map<String, Object> meta) {
  public ExpectationConfig {
    requireNonNull(type, "type");
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** The {@code column} argument, or the empty string for table-level expectations. */
  public String column() {
    Object c = kwargs.get("column");
    if (c != null) {
      return c.toString();
    }
    Object a = kwargs.get("column_A");
    Object list = kwargs.get("column_list");
    if (a != null) {
      return a + "," + kwargs.get("column_B");
    }
    if (list instanceof Iterable<?> it && type.equals("expect_compound_columns_to_be_unique")) {
      return String.join(
          ",",
          java.util.stream.StreamSupport.stream(it.spliterator(), false)
              .map(String::valueOf)
              .toList());
    }
    return "";
  }
}
