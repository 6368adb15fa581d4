package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static String encode(ValueType type, Object value) {
    Source source = new Source("s", "s", List.of(new Field("v", type)), "v", null, null, null);
    return new String(EventJson.encode(source, new Object[] {value}), StandardCharsets.UTF_8);
  }

  @Test
  void encode_scalars() {
    assertThat(encode(ValueType.INT32, 7)).isEqualTo("{\"v\":7}");
    assertThat(encode(ValueType.INT32, Integer.MIN_VALUE)).isEqualTo("{\"v\":-2147483648}");
    assertThat(encode(ValueType.INT64, 9_007_199_254_740_993L))
        .isEqualTo("{\"v\":9007199254740993}");
    assertThat(encode(ValueType.FLOAT, 1.5f)).isEqualTo("{\"v\":1.5}");
    assertThat(encode(ValueType.DOUBLE, 12.25)).isEqualTo("{\"v\":12.25}");
    assertThat(encode(ValueType.DOUBLE, 1e-7)).isEqualTo("{\"v\":1.0E-7}");
    assertThat(encode(ValueType.STRING, "Zürich \"quoted\"\n"))
        .isEqualTo("{\"v\":\"Zürich \\\"quoted\\\"\\n\"}");
    assertThat(encode(ValueType.BOOL, true)).isEqualTo("{\"v\":true}");
    assertThat(encode(ValueType.BYTES, new byte[] {0, -1, 65})).isEqualTo("{\"v\":\"AP9B\"}");
    assertThat(encode(ValueType.TIMESTAMP, Instant.parse("2026-12-04T14:22:53.123456Z")))
        .isEqualTo("{\"v\":\"2026-12-04T14:22:53.123456Z\"}");
    assertThat(encode(ValueType.TIMESTAMP, Instant.parse("2026-12-04T14:22:53Z")))
        .isEqualTo("{\"v\":\"2026-12-04T14:22:53Z\"}");
  }

  @Test
  void encode_nonFiniteDoubles_asStrings() {
    assertThat(encode(ValueType.DOUBLE, Double.NaN)).isEqualTo("{\"v\":\"NaN\"}");
    assertThat(encode(ValueType.DOUBLE, Double.NEGATIVE_INFINITY))
        .isEqualTo("{\"v\":\"-Infinity\"}");
  }

  @Test
  void encode_nullOfEveryType_isJsonNull() {
    for (ValueType t : ValueType.values()) {
      assertThat(encode(t, null)).as(t.name()).isEqualTo("{\"v\":null}");
    }
  }

  @Test
  void encode_lists_asArrays_withNullElements() {
    assertThat(encode(ValueType.INT32_LIST, Arrays.asList(1, null, 3)))
        .isEqualTo("{\"v\":[1,null,3]}");
    assertThat(encode(ValueType.INT64_LIST, List.of(1L, 2L))).isEqualTo("{\"v\":[1,2]}");
    assertThat(encode(ValueType.FLOAT_LIST, List.of(0.5f))).isEqualTo("{\"v\":[0.5]}");
    assertThat(encode(ValueType.DOUBLE_LIST, List.of(0.25, -1.0))).isEqualTo("{\"v\":[0.25,-1.0]}");
    assertThat(encode(ValueType.STRING_LIST, List.of("a", ""))).isEqualTo("{\"v\":[\"a\",\"\"]}");
    assertThat(encode(ValueType.BOOL_LIST, List.of(true, false))).isEqualTo("{\"v\":[true,false]}");
    assertThat(encode(ValueType.BYTES_LIST, List.of(new byte[] {1}, new byte[0])))
        .isEqualTo("{\"v\":[\"AQ==\",\"\"]}");
    assertThat(encode(ValueType.TIMESTAMP_LIST, List.of(Instant.EPOCH)))
        .isEqualTo("{\"v\":[\"1970-01-01T00:00:00Z\"]}");
    assertThat(encode(ValueType.STRING_LIST, List.of())).isEqualTo("{\"v\":[]}");
  }

  @Test
  void encode_aRow_keysInFieldOrder() {
    Source tx =
        new Source(
            "transactions",
            "transactions",
            List.of(
                new Field("user_id", ValueType.INT64),
                new Field("amount", ValueType.DOUBLE),
                new Field("event_timestamp", ValueType.TIMESTAMP)),
            "event_timestamp",
            null,
            null,
            null);

    byte[] json =
        EventJson.encode(tx, new Object[] {1001L, 12.5, Instant.parse("2026-01-02T03:04:05Z")});

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"user_id\":1001,\"amount\":12.5,\"event_timestamp\":\"2026-01-02T03:04:05Z\"}");
  }

  @Test
  void encode_rejectsAValueOfTheWrongType_namingTheField() {
    assertThatThrownBy(() -> encode(ValueType.INT64, "1001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field 'v' of source 's' is INT64 but the value is a String");
  }

  @Test
  void encode_rejectsARowOfTheWrongLength() {
    Source s =
        new Source("s", "s", List.of(new Field("v", ValueType.INT64)), "v", null, null, null);
    assertThatThrownBy(() -> EventJson.encode(s, new Object[] {1L, 2L}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source 's' has 1 fields but the row has 2 values");
  }
}
