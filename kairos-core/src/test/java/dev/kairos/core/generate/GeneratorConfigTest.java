package dev.kairos.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {
  @Test
  void constructor_withoutStart_startsOnFirstOfJanuary2026() {
    assertThat(new GeneratorConfig(10, 3, 7).start())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void constructor_rejectsZeroUsers_asUserError() {
    assertThatThrownBy(() -> new GeneratorConfig(0, 3, 7))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("users must be between 1 and 10000000, was 0; pass e.g. --users 1000");
  }

  @Test
  void constructor_rejectsMoreThanTenYears() {
    assertThatThrownBy(() -> new GeneratorConfig(10, 3651, 7))
        .isInstanceOf(KairosException.class)
        .hasMessage("days must be between 1 and 3650, was 3651; pass e.g. --days 30");
  }

  @Test
  void constructor_rejectsStartWithFractionOfSecond() {
    assertThatThrownBy(
            () -> new GeneratorConfig(10, 3, 7, Instant.parse("2026-01-01T00:00:00.500Z")))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "start must be a whole second between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z,"
                + " was 2026-01-01T00:00:00.500Z");
  }

  @Test
  void constructor_rejectsMissingStart() {
    assertThatThrownBy(() -> new GeneratorConfig(10, 3, 7, null))
        .isInstanceOf(KairosException.class)
        .hasMessage("start must be given, e.g. 2026-01-01T00:00:00Z");
  }
}
