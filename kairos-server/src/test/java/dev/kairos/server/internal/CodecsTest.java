package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FieldStatus;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CodecsTest {
  private static final Instant T = Instant.parse("2026-11-01T10:30:00Z");

  static Stream<Arguments> samples() {
    byte[] bytes = {1, 2, 3};
    return Stream.of(
        Arguments.of(ValueType.INT32, 7),
        Arguments.of(ValueType.INT64, 1L << 40),
        Arguments.of(ValueType.FLOAT, 0.5f),
        Arguments.of(ValueType.DOUBLE, 0.25),
        Arguments.of(ValueType.STRING, "Ada"),
        Arguments.of(ValueType.BOOL, true),
        Arguments.of(ValueType.BYTES, bytes),
        Arguments.of(ValueType.TIMESTAMP, T),
        Arguments.of(ValueType.INT32_LIST, List.of(1, 2)),
        Arguments.of(ValueType.INT64_LIST, List.of(3L)),
        Arguments.of(ValueType.FLOAT_LIST, List.of(1.5f)),
        Arguments.of(ValueType.DOUBLE_LIST, List.of()),
        Arguments.of(ValueType.STRING_LIST, List.of("a", "b")),
        Arguments.of(ValueType.BOOL_LIST, List.of(false, true)),
        Arguments.of(ValueType.BYTES_LIST, List.of(bytes)),
        Arguments.of(ValueType.TIMESTAMP_LIST, List.of(T, T.plusSeconds(1))));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void feastValues_roundTripEveryType(ValueType type, Object value) {
    assertSameValue(FeastCodec.fromProto(FeastCodec.toProto(type, value)), value);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void kairosValues_roundTripEveryType(ValueType type, Object value) {
    assertSameValue(KairosCodec.fromProto(KairosCodec.toProto(type, value)), value);
  }

  @Test
  void feastTimestamps_travelAsWholeUnixSeconds() {
    var v = FeastCodec.toProto(ValueType.TIMESTAMP, T.plusMillis(999));

    assertThat(v.getUnixTimestampVal()).isEqualTo(T.getEpochSecond());
  }

  @Test
  void nulls_becomeTheEmptyValue_inBothProtocols() {
    assertThat(FeastCodec.toProto(ValueType.INT64, null).getValCase())
        .isEqualTo(feast.proto.types.ValueProto.Value.ValCase.VAL_NOT_SET);
    assertThat(KairosCodec.toProto(ValueType.INT64, null).getKindCase())
        .isEqualTo(dev.kairos.proto.v1.Value.KindCase.KIND_NOT_SET);
    assertThat(FeastCodec.fromProto(feast.proto.types.ValueProto.Value.getDefaultInstance()))
        .isNull();
  }

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void kairosProtoValueTypes_matchTheApiByName(ValueType type) {
    assertThat(KairosCodec.type(type).name()).isEqualTo(type.name());
  }

  @ParameterizedTest
  @EnumSource(FieldStatus.class)
  void statuses_matchBothProtocolsByName(FieldStatus status) {
    assertThat(KairosCodec.status(status).name()).isEqualTo(status.name());
    assertThat(FeastCodec.status(status).name()).isEqualTo(status.name());
  }

  @Test
  void feastJson_writesTimestampValuesAsUnixSeconds_andBytesAsBase64() {
    var result =
        new dev.kairos.api.OnlineResult(
            List.of("t", "b"),
            List.of(
                new dev.kairos.api.OnlineResult.Column(
                    ValueType.TIMESTAMP,
                    new Object[] {T},
                    new FieldStatus[] {FieldStatus.PRESENT},
                    new Instant[] {T}),
                new dev.kairos.api.OnlineResult.Column(
                    ValueType.BYTES,
                    new Object[] {new byte[] {1, 2, 3}},
                    new FieldStatus[] {FieldStatus.PRESENT},
                    new Instant[] {null})));

    assertThat(new String(JsonCodec.feastResponse(result), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"metadata\":{\"feature_names\":[\"t\",\"b\"]},\"results\":["
                + "{\"values\":[1793529000],\"statuses\":[\"PRESENT\"],"
                + "\"event_timestamps\":[\"2026-11-01T10:30:00Z\"]},"
                + "{\"values\":[\"AQID\"],\"statuses\":[\"PRESENT\"],"
                + "\"event_timestamps\":[\"1970-01-01T00:00:00Z\"]}]}");
  }

  private static void assertSameValue(Object actual, Object expected) {
    if (expected instanceof byte[] b) {
      assertThat((byte[]) actual).isEqualTo(b);
    } else if (expected instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof byte[]) {
      assertThat(((List<?>) actual).stream().map(x -> Arrays.toString((byte[]) x)))
          .containsExactlyElementsOf(l.stream().map(x -> Arrays.toString((byte[]) x)).toList());
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }
}
