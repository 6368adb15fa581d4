package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntityValuesTest {
  @Test
  void coerce_widensAnInt32ToAnInt64Key() {
    assertThat(EntityValues.coerce(ValueType.INT64, 7, "user_id", 0, false)).isEqualTo(7L);
  }

  @Test
  void coerce_narrowsAnInt64ThatFits_toAnInt32Key() {
    assertThat(EntityValues.coerce(ValueType.INT32, 7L, "shop_id", 0, false)).isEqualTo(7);
  }

  @Test
  void coerce_rejectsAnInt64ThatDoesNotFitAnInt32Key() {
    assertThatThrownBy(() -> EntityValues.coerce(ValueType.INT32, 1L << 40, "shop_id", 3, false))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "join key 'shop_id' is of type INT32 but entity row 3 has the long 1099511627776;"
                + " send a value of type INT32");
  }

  @Test
  void coerce_rejectsANullKey() {
    assertThatThrownBy(() -> EntityValues.coerce(ValueType.STRING, null, "merchant", 1, false))
        .hasMessage("join key 'merchant' has no value in entity row 1; nulls are not keys");
  }

  @Test
  void coerce_parsesUrlTextByTheKeyType() {
    assertThat(EntityValues.coerce(ValueType.INT64, "1001", "user_id", 0, true)).isEqualTo(1001L);
    assertThat(EntityValues.coerce(ValueType.BOOL, "true", "flag", 0, true)).isEqualTo(true);
    assertThat(EntityValues.coerce(ValueType.TIMESTAMP, "2026-11-01T00:00:00Z", "day", 0, true))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void coerce_rejectsUrlTextThatIsNotOfTheKeyType_keepingTheParseErrorAsCause() {
    assertThatThrownBy(() -> EntityValues.coerce(ValueType.INT64, "12x", "user_id", 0, true))
        .hasMessage(
            "join key 'user_id' is of type INT64 but entity row 0 has the text \"12x\"; send a"
                + " value of type INT64")
        .hasCauseInstanceOf(NumberFormatException.class);
  }
}
