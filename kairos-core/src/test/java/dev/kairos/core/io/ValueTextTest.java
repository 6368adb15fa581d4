package dev.kairos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTextTest {

  @Test
  void parse_acceptsIsoTimestampsWithZOrOffset_andDateOnly() {
    assertThat(ValueText.parse("2026-01-01T10:00:00Z", ValueType.TIMESTAMP))
        .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(ValueText.parse("2026-01-01T11:00:00+01:00", ValueType.TIMESTAMP))
        .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(ValueText.parse("2026-01-01 10:00:00.5Z", ValueType.TIMESTAMP))
        .isEqualTo(Instant.parse("2026-01-01T10:00:00.500Z"));
    assertThat(ValueText.parse("2026-01-01", ValueType.TIMESTAMP))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void parse_readsTimestampsLikeJavaTime_forEveryFractionLengthAndOffset() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 5_000; i++) {
      long second = random.nextLong(-2_000_000_000L, 250_000_000_000L);
      int nanos = random.nextInt(1_000_000_000);
      int digits = random.nextInt(10);
      int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
      java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
      String local =
          java.time.LocalDateTime.ofEpochSecond(second, 0, offset)
              .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
      String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
      String zone = random.nextBoolean() ? offset.getId() : "Z";
      String text = local + fraction + zone;
      Instant expected =
          java.time.OffsetDateTime.parse(text)
              .toInstant()
              .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      assertThat(ValueText.parse(text, ValueType.TIMESTAMP)).as(text).isEqualTo(expected);
    }
  }

  @Test
  void parse_rejectsTimestampWithoutZone() {
    assertThatThrownBy(() -> ValueText.parse("2026-01-01T10:00:00", ValueType.TIMESTAMP))
        .hasMessage("'2026-01-01T10:00:00' is not a TIMESTAMP");
  }

  @Test
  void parse_namesTheWantedType() {
    assertThatThrownBy(() -> ValueText.parse("abc", ValueType.DOUBLE))
        .hasMessage("'abc' is not a DOUBLE");
    assertThatThrownBy(() -> ValueText.parse("1.5", ValueType.INT64))
        .hasMessage("'1.5' is not an INT64");
    assertThatThrownBy(() -> ValueText.parse("[1,\"x\"]", ValueType.INT32_LIST))
        .hasMessage("'[1,\"x\"]' is not an INT32_LIST");
  }

  @Test
  void parse_readsJsonArraysAsLists() {
    assertThat(ValueText.parse("[1, 2, null]", ValueType.INT64_LIST))
        .isEqualTo(Arrays.asList(1L, 2L, null));
    assertThat(ValueText.parse("[\"a\",\"b\"]", ValueType.STRING_LIST))
        .isEqualTo(List.of("a", "b"));
    assertThat(ValueText.parse("[true,false]", ValueType.BOOL_LIST))
        .isEqualTo(List.of(true, false));
  }

  @Test
  void format_writesUtcTimestampsAndJsonLists() {
    assertThat(ValueText.format(Instant.parse("2026-01-01T10:00:00Z")))
        .isEqualTo("2026-01-01T10:00:00Z");
    assertThat(ValueText.format(List.of(1.5, Double.NaN))).isEqualTo("[1.5,\"NaN\"]");
    assertThat(ValueText.parse(ValueText.format(List.of(1.5, Double.NaN)), ValueType.DOUBLE_LIST))
        .isEqualTo(List.of(1.5, Double.NaN));
  }
}
