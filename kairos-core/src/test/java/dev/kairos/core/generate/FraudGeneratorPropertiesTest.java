package dev.kairos.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FraudGeneratorPropertiesTest {
  @Property(tries = 200)
  void generate_anyConfig_emitsSortedRowsInsideTheWindow_withIngestionAfterTheEvent(
      @ForAll @IntRange(min = 1, max = 40) int users,
      @ForAll @IntRange(min = 1, max = 4) int days,
      @ForAll long seed,
      @ForAll @LongRange(min = 0, max = 4_000_000_000L) long startSecond) {
    Instant start = Instant.ofEpochSecond(startSecond);
    GeneratorConfig config = new GeneratorConfig(users, days, seed, start);
    List<Rows.Tx> rows = Rows.of(config).all();
    Instant end = start.plus(Duration.ofDays(days));
    Instant previous = start;
    for (int i = 0; i < rows.size(); i++) {
      Rows.Tx tx = rows.get(i);
      assertThat(tx.transactionId()).isEqualTo(FraudGenerator.transactionId(i + 1));
      assertThat(tx.event()).isAfterOrEqualTo(previous).isBefore(end);
      assertThat(tx.created()).isAfter(tx.event());
      assertThat(tx.userId()).isBetween(1L, (long) users);
      assertThat(tx.amount()).isGreaterThanOrEqualTo(0.5);
      previous = tx.event();
    }
    // Users buy at most 20 times a day on average, plus follow-ups and fraud.
    assertThat(new FraudGenerator(config).estimateRows()).isBetween(0L, 25L * users * days);
  }
}
