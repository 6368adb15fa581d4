package dev.kairos.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Field;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FraudGeneratorTest {
  private static final GeneratorConfig SMALL = new GeneratorConfig(300, 10, 42);

  @Test
  void schema_listsElevenTypedColumnsInOrder() {
    assertThat(FraudGenerator.SCHEMA)
        .containsExactly(
            new Field("transaction_id", ValueType.STRING),
            new Field("user_id", ValueType.INT64),
            new Field("merchant_id", ValueType.INT64),
            new Field("merchant_category", ValueType.STRING),
            new Field("amount", ValueType.DOUBLE),
            new Field("currency", ValueType.STRING),
            new Field("country", ValueType.STRING),
            new Field("device_id", ValueType.STRING),
            new Field("event_timestamp", ValueType.TIMESTAMP),
            new Field("created_timestamp", ValueType.TIMESTAMP),
            new Field("is_fraud", ValueType.INT32));
  }

  @Test
  void generate_sameConfig_yieldsIdenticalRows() {
    List<Object[]> first = Rows.raw(SMALL);
    List<Object[]> second = Rows.raw(SMALL);
    assertThat(first).hasSizeGreaterThan(1000);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).as("row %d", i).containsExactly(first.get(i));
    }
  }

  @Test
  void generate_differentSeed_yieldsDifferentRows() {
    Rows a = Rows.of(SMALL);
    Rows b = Rows.of(new GeneratorConfig(300, 10, 43));
    assertThat(b.all()).isNotEqualTo(a.all());
    assertThat(b.all().get(0).deviceId()).isNotEqualTo(a.all().get(0).deviceId());
  }

  @Test
  void generate_emitsRowsSortedByEventTime_withinTheConfiguredDays() {
    Instant start = Instant.parse("2026-03-10T13:30:15Z");
    Rows rows = Rows.of(new GeneratorConfig(200, 5, 9, start));
    Instant end = start.plus(Duration.ofDays(5));
    Instant previous = start;
    for (Rows.Tx tx : rows.all()) {
      assertThat(tx.event()).isAfterOrEqualTo(previous).isBefore(end);
      previous = tx.event();
    }
    assertThat(rows.all().get(0).event()).isBefore(start.plus(Duration.ofHours(2)));
    assertThat(previous).isAfter(end.minus(Duration.ofHours(2)));
  }

  @Test
  void generate_fillsEveryColumnWithValuesOfItsDomain() {
    Rows rows = Rows.of(SMALL);
    Map<String, String> currencyOf =
        Map.ofEntries(
            Map.entry("US", "USD"),
            Map.entry("CA", "CAD"),
            Map.entry("GB", "GBP"),
            Map.entry("IE", "EUR"),
            Map.entry("DE", "EUR"),
            Map.entry("FR", "EUR"),
            Map.entry("ES", "EUR"),
            Map.entry("IT", "EUR"),
            Map.entry("NL", "EUR"),
            Map.entry("BE", "EUR"),
            Map.entry("AT", "EUR"),
            Map.entry("CH", "CHF"),
            Map.entry("AU", "AUD"),
            Map.entry("NZ", "NZD"),
            Map.entry("SG", "SGD"));
    long number = 0;
    for (Rows.Tx tx : rows.all()) {
      number++;
      assertThat(tx.transactionId()).isEqualTo(String.format("tx-%010d", number));
      assertThat(tx.userId()).isBetween(1L, 300L);
      assertThat(tx.merchantId()).isPositive();
      assertThat(tx.category()).matches("[a-z_]+");
      assertThat(tx.amount()).isGreaterThanOrEqualTo(0.5);
      assertThat(Math.round(tx.amount() * 100) / 100.0).isEqualTo(tx.amount());
      assertThat(tx.currency()).isEqualTo(currencyOf.get(tx.country()));
      assertThat(tx.deviceId()).matches("dev-[0-9a-f]{12}");
      Duration delay = Duration.between(tx.event(), tx.created());
      assertThat(delay).isBetween(Duration.ofSeconds(1), Duration.ofHours(6));
      assertThat(tx.fraud()).isIn(0, 1);
    }
  }

  @Test
  void generate_mostIngestionDelaysAreSecondsToMinutes_andAFewAreHoursLate() {
    Rows rows = Rows.of(SMALL);
    long withinMinutes =
        rows.all().stream()
            .filter(t -> Duration.between(t.event(), t.created()).toSeconds() <= 1_801)
            .count();
    long late = rows.all().size() - withinMinutes;
    assertThat((double) withinMinutes / rows.all().size()).isGreaterThan(0.97);
    assertThat(late).isPositive();
  }

  @Test
  void generate_givesEachMerchantOneCategoryAndOneCountry() {
    Rows rows = Rows.of(new GeneratorConfig(1000, 5, 3));
    Map<Long, String> categories = new HashMap<>();
    Map<Long, String> countries = new HashMap<>();
    for (Rows.Tx tx : rows.all()) {
      assertThat(categories.computeIfAbsent(tx.merchantId(), m -> tx.category()))
          .isEqualTo(tx.category());
      assertThat(countries.computeIfAbsent(tx.merchantId(), m -> tx.country()))
          .isEqualTo(tx.country());
    }
    assertThat(new HashSet<>(categories.values()))
        .contains("grocery", "electronics", "gift_cards", "crypto", "jewelry");
  }

  @Test
  void generate_keepsEachUserMostlyAtHome_onAFewDevices() {
    Rows rows = Rows.of(SMALL);
    Map<Long, Map<String, Integer>> countries = new HashMap<>();
    Map<Long, Set<String>> devices = new HashMap<>();
    for (Rows.Tx tx : rows.all()) {
      if (!tx.isFraud()) {
        countries
            .computeIfAbsent(tx.userId(), u -> new HashMap<>())
            .merge(tx.country(), 1, Integer::sum);
        devices.computeIfAbsent(tx.userId(), u -> new HashSet<>()).add(tx.deviceId());
      }
    }
    long atHome = 0;
    long total = 0;
    for (Map<String, Integer> perCountry : countries.values()) {
      atHome += perCountry.values().stream().mapToInt(i -> i).max().orElse(0);
      total += perCountry.values().stream().mapToInt(i -> i).sum();
    }
    assertThat((double) atHome / total).isGreaterThan(0.97);
    double meanDevices = devices.values().stream().mapToInt(Set::size).average().orElse(0);
    assertThat(meanDevices).isBetween(1.5, 3.5);
  }

  @Test
  void estimateRows_isWithinThreePercentOfTheRowsGenerated() {
    GeneratorConfig config = new GeneratorConfig(2000, 14, 5);
    long actual = Rows.raw(config).size();
    long estimate = new FraudGenerator(config).estimateRows();
    assertThat((double) estimate / actual).isBetween(0.97, 1.03);
    assertThat((double) actual / (2000 * 14)).isBetween(2.0, 2.4);
  }

  @Test
  void generate_reportsMonotonicProgress_endingAtTheRowCount() {
    List<long[]> calls = new ArrayList<>();
    long[] rows = {0};
    new FraudGenerator(new GeneratorConfig(20_000, 3, 1))
        .generate(row -> rows[0]++, (done, expected) -> calls.add(new long[] {done, expected}));
    assertThat(calls.size()).isGreaterThan(3);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThanOrEqualTo(calls.get(i - 1)[0]);
      assertThat(calls.get(i)[1]).isGreaterThanOrEqualTo(calls.get(i)[0]);
    }
    assertThat(calls.get(calls.size() - 1)).containsExactly(rows[0], rows[0]);
  }
}
