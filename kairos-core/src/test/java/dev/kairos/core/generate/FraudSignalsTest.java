package dev.kairos.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fraud patterns documented in docs/fraud-data.md are really in the data. */
class FraudSignalsTest {
  private static final Set<String> RISKY = Set.of("electronics", "gift_cards", "crypto", "jewelry");
  private static final long HOUR = 3600;
  private static final long DAY = 24 * HOUR;

  private static List<Rows.Tx> rows;
  private static double[] previousHour;
  private static boolean[] hasHistory;
  private static boolean[] newDevice;
  private static boolean[] newCountry;

  @BeforeAll
  static void generate() {
    rows = Rows.of(new GeneratorConfig(2000, 30, 2026)).all();
    int n = rows.size();
    previousHour = new double[n];
    hasHistory = new boolean[n];
    newDevice = new boolean[n];
    newCountry = new boolean[n];
    Map<Long, ArrayDeque<Long>> recent = new HashMap<>();
    Map<Long, Long> firstSeen = new HashMap<>();
    Map<String, Long> deviceFirstSeen = new HashMap<>();
    Map<String, Long> countryFirstSeen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Rows.Tx tx = rows.get(i);
      long t = tx.event().getEpochSecond();
      ArrayDeque<Long> window = recent.computeIfAbsent(tx.userId(), u -> new ArrayDeque<>());
      while (!window.isEmpty() && window.peekFirst() < t - HOUR) {
        window.pollFirst();
      }
      previousHour[i] = window.size();
      window.addLast(t);
      // "New" = first seen for this user less than a day ago, for users with over a day of history.
      hasHistory[i] = t - firstSeen.computeIfAbsent(tx.userId(), u -> t) >= DAY;
      newDevice[i] = t - deviceFirstSeen.computeIfAbsent(tx.userId() + tx.deviceId(), k -> t) < DAY;
      newCountry[i] =
          t - countryFirstSeen.computeIfAbsent(tx.userId() + tx.country(), k -> t) < DAY;
    }
  }

  @Test
  void fraudRate_isBetweenOneAndThreePercent() {
    long fraud = rows.stream().filter(Rows.Tx::isFraud).count();
    assertThat((double) fraud / rows.size()).isBetween(0.01, 0.03);
  }

  @Test
  void fraudRows_haveAtLeastTwiceAsManyTransactionsOfTheUserInThePreviousHour() {
    double fraud = mean(i -> previousHour[i], i -> rows.get(i).isFraud());
    double legit = mean(i -> previousHour[i], i -> !rows.get(i).isFraud());
    assertThat(fraud).isGreaterThan(1.0);
    assertThat(fraud / legit).isGreaterThanOrEqualTo(2.0);
  }

  @Test
  void fraudRows_haveAMedianAmountAtLeastTwiceTheLegitimateOne() {
    assertThat(median(true)).isGreaterThanOrEqualTo(2 * median(false));
  }

  @Test
  void fraudRows_comeFromNewDevicesAndNewCountriesFarMoreOften() {
    Predicate<Integer> fraud = i -> hasHistory[i] && rows.get(i).isFraud();
    Predicate<Integer> legit = i -> hasHistory[i] && !rows.get(i).isFraud();
    double fraudNewDevice = mean(i -> newDevice[i] ? 1 : 0, fraud);
    double legitNewDevice = mean(i -> newDevice[i] ? 1 : 0, legit);
    double fraudNewCountry = mean(i -> newCountry[i] ? 1 : 0, fraud);
    double legitNewCountry = mean(i -> newCountry[i] ? 1 : 0, legit);
    assertThat(fraudNewDevice).isGreaterThan(0.5);
    assertThat(fraudNewDevice).isGreaterThan(5 * legitNewDevice);
    assertThat(fraudNewCountry).isGreaterThan(0.35);
    assertThat(fraudNewCountry).isGreaterThan(5 * legitNewCountry);
  }

  @Test
  void riskyCategories_areOverRepresentedAmongFraud() {
    double fraud =
        mean(i -> RISKY.contains(rows.get(i).category()) ? 1 : 0, i -> rows.get(i).isFraud());
    double legit =
        mean(i -> RISKY.contains(rows.get(i).category()) ? 1 : 0, i -> !rows.get(i).isFraud());
    assertThat(fraud).isGreaterThan(0.6);
    assertThat(fraud).isGreaterThan(5 * legit);
  }

  @Test
  void fraudHappensAtNightFarMoreOften_whileLegitimateTrafficPeaksInTheEvening() {
    double fraudNight = mean(i -> night(i) ? 1 : 0, i -> rows.get(i).isFraud());
    double legitNight = mean(i -> night(i) ? 1 : 0, i -> !rows.get(i).isFraud());
    assertThat(fraudNight).isGreaterThan(0.4);
    assertThat(fraudNight).isGreaterThan(4 * legitNight);
    double legitEvening =
        mean(i -> hour(i) >= 17 && hour(i) < 21 ? 1 : 0, i -> !rows.get(i).isFraud());
    assertThat(legitEvening).isGreaterThan(4 * legitNight);
  }

  @Test
  void fraudRingDevices_areSharedByManyUsers() {
    Map<String, Set<Long>> usersPerDevice = new HashMap<>();
    for (Rows.Tx tx : rows) {
      usersPerDevice.computeIfAbsent(tx.deviceId(), d -> new HashSet<>()).add(tx.userId());
    }
    double fraud =
        mean(
            i -> usersPerDevice.get(rows.get(i).deviceId()).size() > 2 ? 1 : 0,
            i -> rows.get(i).isFraud());
    double legit =
        mean(
            i -> usersPerDevice.get(rows.get(i).deviceId()).size() > 2 ? 1 : 0,
            i -> !rows.get(i).isFraud());
    assertThat(fraud).isGreaterThan(0.5);
    assertThat(legit).isLessThan(0.01);
  }

  private static boolean night(int i) {
    return hour(i) < 6;
  }

  private static int hour(int i) {
    return rows.get(i).event().atOffset(ZoneOffset.UTC).getHour();
  }

  private static double median(boolean fraud) {
    double[] amounts =
        rows.stream().filter(t -> t.isFraud() == fraud).mapToDouble(Rows.Tx::amount).toArray();
    Arrays.sort(amounts);
    return amounts[amounts.length / 2];
  }

  private static double mean(ToDoubleFunction<Integer> value, Predicate<Integer> filter) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (filter.test(i)) {
        sum += value.applyAsDouble(i);
        count++;
      }
    }
    assertThat(count).as("rows selected").isPositive();
    return sum / count;
  }
}
