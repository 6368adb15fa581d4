package dev.kairos.testkit;

import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Views and values for online store and serving tests. Timestamps have microsecond precision. */
public final class OnlineFixtures {
  private OnlineFixtures() {}

  public static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456Z");

  /** A view with one feature per {@link ValueType}, named after the type in lower case. */
  public static final FeatureView ALL_TYPES = view("all_types", allTypeFields(), Duration.ZERO);

  /** A view with two INT64 features {@code a} and {@code b}. */
  public static final FeatureView SMALL =
      view(
          "small",
          List.of(new Field("a", ValueType.INT64), new Field("b", ValueType.INT64)),
          Duration.ZERO);

  public static FeatureView view(String name, List<Field> features, Duration ttl) {
    return new FeatureView(
        name, List.of("user"), name + "_source", ttl, features, true, Map.of(), "", "");
  }

  private static List<Field> allTypeFields() {
    List<Field> fields = new ArrayList<>();
    for (ValueType t : ValueType.values()) {
      fields.add(new Field(t.name().toLowerCase(java.util.Locale.ROOT), t));
    }
    return fields;
  }

  /** A sample non-null value of each type, in {@link ValueType} order (lists contain a null). */
  public static Object[] sampleValues() {
    return new Object[] {
      -7,
      1L << 40,
      2.5f,
      -1e300,
      "grüße",
      true,
      new byte[] {1, 2, -3},
      Instant.parse("2023-01-02T03:04:05.000006Z"),
      Arrays.asList(1, null, 3),
      List.of(-1L, Long.MAX_VALUE),
      List.of(0.5f),
      List.of(),
      Arrays.asList("x", null),
      List.of(true, false),
      List.of(new byte[] {9}, new byte[0]),
      List.of(Instant.EPOCH, T0)
    };
  }
}
