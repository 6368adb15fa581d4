package dev.kairos.ml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputSpecTest {
  static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

  static float enc(ValueType t, Object v, List<String> vocab) {
    return new InputSpec(new FeatureRef("v", "f"), t, vocab).encoder().encode(v, NOW);
  }

  @Test
  void encode_numbersBoolsAndNulls() {
    assertThat(enc(ValueType.INT64, 42L, List.of())).isEqualTo(42f);
    assertThat(enc(ValueType.INT32, 7, List.of())).isEqualTo(7f);
    assertThat(enc(ValueType.DOUBLE, 2.5, List.of())).isEqualTo(2.5f);
    assertThat(enc(ValueType.BOOL, true, List.of())).isEqualTo(1f);
    assertThat(enc(ValueType.BOOL, false, List.of())).isEqualTo(0f);
    assertThat(enc(ValueType.DOUBLE, null, List.of())).isNaN();
  }

  @Test
  void encode_timestampIsItsAgeInSeconds_atTheRequestTime() {
    assertThat(enc(ValueType.TIMESTAMP, NOW.minusSeconds(90), List.of())).isEqualTo(90f);
    assertThat(enc(ValueType.TIMESTAMP, NOW.minusMillis(1500), List.of())).isEqualTo(1.5f);
  }

  @Test
  void encode_stringIsItsVocabularyPosition_unknownIsMissing() {
    List<String> vocab = List.of("US", "GB", "DE");
    assertThat(enc(ValueType.STRING, "US", vocab)).isEqualTo(0f);
    assertThat(enc(ValueType.STRING, "DE", vocab)).isEqualTo(2f);
    assertThat(enc(ValueType.STRING, "FR", vocab)).isNaN();
  }

  @Test
  void vocabulary_mostFrequentFirst_tiesInTextOrder_nullsIgnored() {
    Vocabulary v = new Vocabulary();
    for (String s : new String[] {"b", "a", "c", "a", null, "b", "a"}) {
      v.add(s);
    }
    assertThat(v.values()).containsExactly("a", "b", "c");
  }

  @Test
  void listsAndBytes_areRefused_namingTheFeature() {
    assertThatThrownBy(
            () -> new InputSpec(new FeatureRef("user", "tags"), ValueType.STRING_LIST, List.of()))
        .hasMessage(
            "feature user:tags is STRING_LIST, which a model cannot take as an input (numbers, BOOL,"
                + " STRING and TIMESTAMP can); leave it out of the feature service, or train with"
                + " --features");
  }
}
