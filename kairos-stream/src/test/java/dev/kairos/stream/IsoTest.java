package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTest {
  @Test
  void format_isInstantToString() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long secs = random.nextLong(-62_167_219_200L - 1000, 253_402_300_800L + 1000);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(secs, nano);
      assertThat(Iso.format(t)).as("%d %d", secs, nano).isEqualTo(t.toString());
    }
    assertThat(Iso.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(Iso.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
  }
}
