package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecoderTest {
  private static final Source SOURCE =
      new Source(
          "txns",
          "txns",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("qty", ValueType.INT32),
              new Field("amount", ValueType.DOUBLE),
              new Field("score", ValueType.FLOAT),
              new Field("country", ValueType.STRING),
              new Field("flag", ValueType.BOOL),
              new Field("blob", ValueType.BYTES),
              new Field("tags", ValueType.STRING_LIST),
              new Field("event_timestamp", ValueType.TIMESTAMP)),
          "event_timestamp",
          null,
          "",
          null);

  private final EventDecoder decoder = new EventDecoder(SOURCE);

  private Object decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private BadEvent bad(String json) {
    Object out = decode(json);
    assertThat(out).isInstanceOf(BadEvent.class);
    return (BadEvent) out;
  }

  @Test
  void decode_readsEveryType_inFieldOrder_andIgnoresUnknownKeys() {
    Object row =
        decode(
            "{\"event_timestamp\":\"2026-12-04T10:15:30.123456Z\",\"user_id\":9007199254740993,"
                + "\"qty\":3,\"amount\":12.5,\"score\":0.25,\"country\":\"ES\",\"flag\":true,"
                + "\"blob\":\"AQI=\",\"tags\":[\"a\",null,\"b\"],\"extra\":{\"x\":[1]}}");
    assertThat((Object[]) row)
        .containsExactly(
            9007199254740993L,
            3,
            12.5,
            0.25f,
            "ES",
            true,
            new byte[] {1, 2},
            java.util.Arrays.asList("a", null, "b"),
            Instant.parse("2026-12-04T10:15:30.123456Z"));
  }

  @Test
  void decode_absentAndNullFieldsAreNull_andOffsetsAreConverted() {
    Object[] row =
        (Object[]) decode("{\"event_timestamp\":\"2026-12-04T11:15:30+01:00\",\"amount\":null}");
    assertThat(row[0]).isNull();
    assertThat(row[2]).isNull();
    assertThat(row[8]).isEqualTo(Instant.parse("2026-12-04T10:15:30Z"));
  }

  @Test
  void decode_integerIntoDouble_isAccepted() {
    Object[] row = (Object[]) decode("{\"event_timestamp\":\"2026-12-04T10:00:00Z\",\"amount\":7}");
    assertThat(row[2]).isEqualTo(7.0);
  }

  @Test
  void decode_readsWhatEventJsonWrites_nanAndInfinitiesIncluded() {
    Object[] row = {
      1L,
      2,
      Double.NaN,
      Float.NEGATIVE_INFINITY,
      "x",
      false,
      new byte[] {7},
      java.util.List.of("a"),
      Instant.parse("2026-12-04T10:15:30.000001Z")
    };
    Object[] back = (Object[]) decoder.decode(EventJson.encode(SOURCE, row));
    assertThat(back).containsExactly(row);
  }

  @Test
  void notJson_isUnparseable() {
    BadEvent b = bad("user_id=1");
    assertThat(b.reason()).isEqualTo(DeadLetterReason.UNPARSEABLE);
    assertThat(b.message()).startsWith("the value is not valid JSON: Unrecognized token 'user_id'");
  }

  @Test
  void jsonArray_isUnparseable() {
    assertThat(bad("[1,2]"))
        .isEqualTo(
            new BadEvent(
                DeadLetterReason.UNPARSEABLE,
                "the value is not a JSON object; expected {\"field\": value, ...}"));
  }

  @Test
  void duplicateKey_isUnparseable() {
    BadEvent b = bad("{\"user_id\":1,\"user_id\":2}");
    assertThat(b.reason()).isEqualTo(DeadLetterReason.UNPARSEABLE);
    assertThat(b.message()).contains("Duplicate field 'user_id'");
  }

  @Test
  void trailingContent_isUnparseable() {
    assertThat(bad("{\"event_timestamp\":\"2026-12-04T10:00:00Z\"} {}").message())
        .isEqualTo("the value has content after its JSON object");
  }

  @Test
  void nullValue_isATombstone() {
    assertThat(decoder.decode(null).toString()).contains("tombstone");
  }

  @Test
  void wrongTypes_nameTheFieldTheTypeAndWhatWasSeen() {
    String ts = "\"event_timestamp\":\"2026-12-04T10:00:00Z\",";
    assertThat(bad("{" + ts + "\"user_id\":\"1001\"}"))
        .isEqualTo(
            new BadEvent(
                DeadLetterReason.SCHEMA,
                "field 'user_id' is INT64 but the event has the text \"1001\""));
    assertThat(bad("{" + ts + "\"user_id\":1.5}").message())
        .isEqualTo("field 'user_id' is INT64 but the event has the number 1.5");
    assertThat(bad("{" + ts + "\"qty\":3000000000}").message())
        .isEqualTo("field 'qty' is INT32 but the event has the number 3000000000");
    assertThat(bad("{" + ts + "\"amount\":\"12\"}").message())
        .isEqualTo("field 'amount' is DOUBLE but the event has the text \"12\"");
    assertThat(bad("{" + ts + "\"flag\":1}").message())
        .isEqualTo("field 'flag' is BOOL but the event has the number 1");
    assertThat(bad("{" + ts + "\"tags\":\"a\"}").message())
        .isEqualTo("field 'tags' is STRING_LIST but the event has the text \"a\"");
    assertThat(bad("{" + ts + "\"tags\":[1]}").message())
        .isEqualTo("field 'tags' is STRING but the event has the number 1");
    assertThat(bad("{" + ts + "\"country\":{\"a\":1}}").message())
        .isEqualTo("field 'country' is STRING but the event has an object");
    assertThat(bad("{" + ts + "\"blob\":\"%%%\"}").message())
        .isEqualTo("field 'blob' is BYTES but is not base64 text");
  }

  @Test
  void badOrMissingEventTime_isASchemaError() {
    assertThat(bad("{\"event_timestamp\":\"yesterday\"}").message())
        .isEqualTo(
            "field 'event_timestamp' is TIMESTAMP but 'yesterday' is not an ISO-8601 time with an"
                + " offset, like 2026-12-04T10:15:30.5Z");
    assertThat(bad("{\"event_timestamp\":\"2026-12-04T10:00:00\"}").reason())
        .isEqualTo(DeadLetterReason.SCHEMA);
    assertThat(bad("{\"user_id\":1}"))
        .isEqualTo(
            new BadEvent(
                DeadLetterReason.SCHEMA,
                "field 'event_timestamp' (the event time) is missing or null"));
  }
}
