package dev.kairos.spi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RowCodecTest {
  static final Instant EVENT = Instant.parse("2024-05-01T10:15:30.123456Z");
  static final Instant CREATED = Instant.parse("2024-05-01T10:16:00Z");

  static final Map<ValueType, Object> SAMPLES =
      Map.ofEntries(
          Map.entry(ValueType.INT32, -123456),
          Map.entry(ValueType.INT64, Long.MIN_VALUE),
          Map.entry(ValueType.FLOAT, 1.5f),
          Map.entry(ValueType.DOUBLE, -0.125),
          Map.entry(ValueType.STRING, "héllo ✓"),
          Map.entry(ValueType.BOOL, true),
          Map.entry(ValueType.BYTES, new byte[] {0, -1, 127}),
          Map.entry(ValueType.TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999999Z")),
          Map.entry(ValueType.INT32_LIST, Arrays.asList(1, null, -3)),
          Map.entry(ValueType.INT64_LIST, List.of(Long.MAX_VALUE, 0L)),
          Map.entry(ValueType.FLOAT_LIST, List.of(Float.NaN, -0.0f)),
          Map.entry(ValueType.DOUBLE_LIST, List.of()),
          Map.entry(ValueType.STRING_LIST, Arrays.asList("a", "", null)),
          Map.entry(ValueType.BOOL_LIST, List.of(false, true)),
          Map.entry(ValueType.BYTES_LIST, List.of(new byte[] {1}, new byte[0])),
          Map.entry(ValueType.TIMESTAMP_LIST, List.of(EVENT, Instant.EPOCH)));

  static RowCodec codec(ValueType... types) {
    Field[] fields = new Field[types.length];
    for (int i = 0; i < types.length; i++) {
      fields[i] = new Field("f" + i, types[i]);
    }
    return new RowCodec("v", List.of(fields));
  }

  static OnlineRow roundTrip(RowCodec codec, OnlineRow row) {
    return codec.decode(row.key(), codec.encode(row));
  }

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void encode_roundTripsEveryType_withAndWithoutNull(ValueType type) {
    RowCodec codec = codec(type, type);
    OnlineRow row =
        new OnlineRow(EntityKey.of(7L), new Object[] {SAMPLES.get(type), null}, EVENT, CREATED);

    OnlineRow back = roundTrip(codec, row);

    assertThat(Normalized.of(back.values())).isEqualTo(Normalized.of(row.values()));
    assertThat(back.eventTs()).isEqualTo(EVENT);
    assertThat(back.createdTs()).isEqualTo(CREATED);
  }

  @Test
  void encode_keepsMissingCreatedTimestampNull_andDropsSubMicroDigits() {
    RowCodec codec = codec(ValueType.INT64);
    OnlineRow row =
        new OnlineRow(EntityKey.of(1L), new Object[] {5L}, Instant.ofEpochSecond(10, 1_999), null);

    OnlineRow back = roundTrip(codec, row);

    assertThat(back.createdTs()).isNull();
    assertThat(back.eventTs()).isEqualTo(Instant.ofEpochSecond(10, 1_000));
  }

  @Test
  void decode_ofRowWithFewerFeatures_givesNullForNewTrailingFeatures() {
    byte[] old =
        codec(ValueType.INT64)
            .encode(new OnlineRow(EntityKey.of(1L), new Object[] {5L}, EVENT, null));

    OnlineRow back = codec(ValueType.INT64, ValueType.STRING).decode(EntityKey.of(1L), old);

    assertThat(back.values()).containsExactly(5L, null);
  }

  @Test
  void compareOrder_ordersByEventThenCreated_withNullCreatedOldest() {
    RowCodec codec = codec(ValueType.INT64);
    byte[] early = codec.encode(row(Instant.parse("1960-01-01T00:00:00Z"), null));
    byte[] plain = codec.encode(row(EVENT, null));
    byte[] created = codec.encode(row(EVENT, CREATED));
    byte[] createdLater = codec.encode(row(EVENT, CREATED.plusNanos(1000)));

    assertThat(RowCodec.compareOrder(plain, early)).isPositive();
    assertThat(RowCodec.compareOrder(created, plain)).isPositive();
    assertThat(RowCodec.compareOrder(createdLater, created)).isPositive();
    assertThat(RowCodec.compareOrder(created, codec.encode(row(EVENT, CREATED)))).isZero();
  }

  @Test
  void encode_rejectsValueOfWrongType_namingFeatureAndView() {
    RowCodec codec = codec(ValueType.INT64);
    OnlineRow bad = new OnlineRow(EntityKey.of(1L), new Object[] {"x"}, EVENT, null);

    assertThatThrownBy(() -> codec.encode(bad))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "feature 'f0' of view 'v' is INT64 but the value for EntityKey[values=[1]] is String x");
  }

  @Test
  void encode_rejectsRowWithWrongNumberOfValues() {
    assertThatThrownBy(
            () ->
                codec(ValueType.INT64)
                    .encode(new OnlineRow(EntityKey.of(1L), new Object[0], EVENT, null)))
        .hasMessage("view 'v' has 1 features but the row for EntityKey[values=[1]] has 0 values");
  }

  @Test
  void decode_ofGarbage_failsInternal_withAdvice() {
    assertThatThrownBy(() -> codec(ValueType.INT64).decode(EntityKey.of(1L), new byte[] {1, 2}))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessageStartingWith("stored online row of view 'v' for EntityKey[values=[1]] cannot")
        .hasMessageEndingWith(
            "run 'kairos materialize' again after deleting the view's online data");
  }

  @Test
  void encodeKey_givesEqualBytesForEqualNumbersOfAnyIntegralType() {
    assertThat(RowCodec.encodeKey(EntityKey.of(42)))
        .isEqualTo(RowCodec.encodeKey(EntityKey.of(42L)));
    assertThat(RowCodec.encodeKey(EntityKey.of(42L)))
        .isNotEqualTo(RowCodec.encodeKey(EntityKey.of("42")));
  }

  @Test
  void encodeKey_roundTripsCompositeKeys() {
    EntityKey key = EntityKey.of(1L, "b", true, 2.5, EVENT);

    assertThat(RowCodec.decodeKey(RowCodec.encodeKey(key))).isEqualTo(key);
  }

  @Test
  void encodeKey_rejectsUnsupportedType() {
    assertThatThrownBy(() -> RowCodec.encodeKey(EntityKey.of(new Object())))
        .hasMessageStartingWith("entity key value java.lang.Object@")
        .hasMessageEndingWith(
            "has type java.lang.Object; keys must be integers, strings, booleans, bytes, floats or"
                + " timestamps");
  }

  private static OnlineRow row(Instant event, Instant created) {
    return new OnlineRow(EntityKey.of(1L), new Object[] {1L}, event, created);
  }
}
