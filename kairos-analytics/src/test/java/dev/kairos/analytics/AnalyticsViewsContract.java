package dev.kairos.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.analytics.Oracle.Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every figure of every view equals the brute-force {@link Oracle} over the same rows, on one
 * store. The data holds an empty week, a category absent one week, a row at exactly midnight UTC, a
 * currency without a rate and a few logged predictions (one transaction scored twice, one score for
 * a transaction that does not exist).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AnalyticsViewsContract {
  static final LocalDate AFTER_EMPTY_WEEK = LocalDate.parse("2026-01-19");
  static final LocalDate AFTER_NO_JEWELRY = LocalDate.parse("2026-01-05");

  Path dir;
  TestRepo repo;
  Analytics analytics;
  List<Oracle.Score> scores;
  Oracle oracle;
  RefreshSummary summary;

  abstract TestRepo open(Path dir) throws Exception;

  @BeforeAll
  void build() throws Exception {
    dir = Files.createTempDirectory("analytics");
    repo = open(dir);
    analytics = Analytics.of(repo.fs);
    analytics.refresh(null); // creates the empty prediction log
    List<Oracle.Tx> firstDay =
        repo.rows.stream().filter(t -> t.day().equals(LocalDate.parse("2026-01-02"))).toList();
    Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
    scores =
        List.of(
            new Oracle.Score(repo.midnightTx, 3, 0.9, 0.5, t0),
            new Oracle.Score(firstDay.get(0).id(), 2, 0.2, 0.5, t0),
            new Oracle.Score(firstDay.get(0).id(), 3, 0.8, 0.5, t0.plusSeconds(60)),
            new Oracle.Score(firstDay.get(1).id(), 3, 0.1, 0.5, t0),
            new Oracle.Score(firstDay.get(2).id(), 3, 0.5, 0.5, t0),
            new Oracle.Score(firstDay.get(3).id(), 3, 0.35, 0.5, t0),
            new Oracle.Score("tx-does-not-exist", 3, 0.99, 0.5, t0));
    repo.logPredictions(scores);
    summary = analytics.refresh(null);
    oracle = new Oracle(repo.rows, scores);
  }

  @AfterAll
  void close() throws Exception {
    try {
      repo.close();
    } finally {
      try (var all = Files.walk(dir)) {
        for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static AnalyticsFilter everything() {
    return new AnalyticsFilter(null, null, null, null, AnalyticsFilter.MAX_LIMIT);
  }

  @Test
  void dailyRiskSummary_equalsBruteForce() {
    Map<Key, RiskMeasures> expected = oracle.daily();
    List<DailyRisk> rows = analytics.dailyRisk(everything());
    Map<Key, RiskMeasures> actual = new HashMap<>();
    rows.forEach(r -> actual.put(new Key(r.day(), r.category(), r.country()), r.measures()));
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    SoftAssertions soft = new SoftAssertions();
    expected.forEach((k, m) -> same(soft, k.toString(), actual.get(k), m));
    soft.assertAll();
    assertThat(summary.views().get(0).rows()).isEqualTo(expected.size());
  }

  @Test
  void weeklyGrowth_equalsBruteForce() {
    Map<Key, RiskMeasures> expected = oracle.weekly();
    Map<Key, List<Change>> growth = oracle.growth();
    List<WeeklyGrowth> rows = analytics.weeklyGrowth(everything());
    assertThat(rows).hasSize(expected.size());
    SoftAssertions soft = new SoftAssertions();
    for (WeeklyGrowth r : rows) {
      Key k = new Key(r.weekStart(), r.category(), r.country());
      same(soft, k.toString(), r.measures(), expected.get(k));
      List<Change> g = growth.get(k);
      List<Change> actual =
          List.of(r.transactions(), r.amountReporting(), r.fraudCount(), r.fraudRate());
      for (int i = 0; i < 4; i++) {
        close(soft, k + " previous " + i, actual.get(i).previous(), g.get(i).previous());
        close(soft, k + " change " + i, actual.get(i).change(), g.get(i).change());
        close(soft, k + " change_pct " + i, actual.get(i).changePct(), g.get(i).changePct());
      }
    }
    soft.assertAll();
  }

  @Test
  void weeklyGrowth_afterAnEmptyWeek_hasNoPrevious() {
    List<WeeklyGrowth> rows =
        analytics.weeklyGrowth(
            new AnalyticsFilter(AFTER_EMPTY_WEEK, AFTER_EMPTY_WEEK, null, null, 10_000));
    assertThat(rows).isNotEmpty();
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.transactions()).isEqualTo(new Change(null, null, null)));
    assertThat(
            analytics.weeklyGrowth(
                new AnalyticsFilter(
                    LocalDate.parse("2026-01-12"), LocalDate.parse("2026-01-18"), null, null, 10)))
        .isEmpty();
  }

  @Test
  void weeklyGrowth_categoryAbsentTheWeekBefore_hasNoPrevious_whileOthersHave() {
    WeeklyGrowth jewelry =
        analytics
            .weeklyGrowth(
                new AnalyticsFilter(
                    AFTER_NO_JEWELRY, AFTER_NO_JEWELRY, "jewelry", AnalyticsFilter.TOTAL, 10))
            .get(0);
    WeeklyGrowth grocery =
        analytics
            .weeklyGrowth(
                new AnalyticsFilter(
                    AFTER_NO_JEWELRY, AFTER_NO_JEWELRY, "grocery", AnalyticsFilter.TOTAL, 10))
            .get(0);
    assertThat(jewelry.transactions().previous()).isNull();
    assertThat(jewelry.fraudRate().changePct()).isNull();
    assertThat(grocery.transactions().previous())
        .isEqualTo(
            (double)
                oracle
                    .weekly()
                    .get(new Key(AFTER_NO_JEWELRY.minusWeeks(1), "grocery", null))
                    .transactions());
  }

  @Test
  void topFraudMerchants_equalsBruteForce() {
    List<TopMerchant> expected = oracle.topMerchants();
    List<TopMerchant> actual = analytics.topMerchants(everything());
    assertThat(actual).hasSameSizeAs(expected);
    Map<String, TopMerchant> byRank = new HashMap<>();
    actual.forEach(t -> byRank.put(t.weekStart() + "#" + t.rank(), t));
    SoftAssertions soft = new SoftAssertions();
    for (TopMerchant e : expected) {
      TopMerchant a = byRank.get(e.weekStart() + "#" + e.rank());
      soft.assertThat(a).as(e.toString()).isNotNull();
      if (a != null) {
        soft.assertThat(a.merchant()).as(e + " merchant").isEqualTo(e.merchant());
        soft.assertThat(List.of(a.category(), a.country(), a.fraudCount(), a.transactions()))
            .as(e.toString())
            .isEqualTo(List.of(e.category(), e.country(), e.fraudCount(), e.transactions()));
        close(soft, e + " fraud amount", a.fraudAmountReporting(), e.fraudAmountReporting());
        close(soft, e + " amount", a.amountReporting(), e.amountReporting());
        close(soft, e + " rate", a.fraudRate(), e.fraudRate());
      }
    }
    soft.assertAll();
  }

  @Test
  void rowAtMidnightUtc_countsOnTheDayItStarts() {
    LocalDate monday = LocalDate.parse("2026-01-05");
    long expected =
        repo.rows.stream()
            .filter(
                t ->
                    !t.ts().isBefore(TestRepo.MIDNIGHT)
                        && t.ts().isBefore(TestRepo.MIDNIGHT.plusSeconds(86_400)))
            .count();
    DailyRisk total =
        analytics
            .dailyRisk(
                new AnalyticsFilter(
                    monday, monday, AnalyticsFilter.TOTAL, AnalyticsFilter.TOTAL, 10))
            .get(0);
    assertThat(total.measures().transactions()).isEqualTo(expected);
    // the moved row is the only one scored that day: 0.9 against a threshold of 0.5
    assertThat(total.measures().avgScore()).isEqualTo(0.9);
    assertThat(total.measures().aboveThreshold()).isEqualTo(1L);
  }

  @Test
  void scores_takeTheLatestPerTransaction_andAreNullWithoutScores() {
    LocalDate day = LocalDate.parse("2026-01-02");
    DailyRisk total =
        analytics
            .dailyRisk(
                new AnalyticsFilter(day, day, AnalyticsFilter.TOTAL, AnalyticsFilter.TOTAL, 10))
            .get(0);
    // 0.8 (latest of 0.2 and 0.8), 0.1, 0.5, 0.35; 0.8 and 0.5 are >= 0.5
    assertThat(total.measures().avgScore()).isCloseTo((0.8 + 0.1 + 0.5 + 0.35) / 4, within(1e-12));
    assertThat(total.measures().aboveThreshold()).isEqualTo(2L);
    DailyRisk unscored =
        analytics
            .dailyRisk(
                new AnalyticsFilter(
                    day.plusDays(1),
                    day.plusDays(1),
                    AnalyticsFilter.TOTAL,
                    AnalyticsFilter.TOTAL,
                    10))
            .get(0);
    assertThat(unscored.measures().avgScore()).isNull();
    assertThat(unscored.measures().p95Score()).isNull();
    assertThat(unscored.measures().aboveThreshold()).isNull();
  }

  @Test
  void currencyWithoutRate_isLeftOutOfTheAmount_andCounted() {
    Oracle.Tx jpy =
        repo.rows.stream().filter(t -> t.id().equals(repo.jpyTx)).findFirst().orElseThrow();
    DailyRisk total =
        analytics
            .dailyRisk(
                new AnalyticsFilter(
                    jpy.day(), jpy.day(), AnalyticsFilter.TOTAL, AnalyticsFilter.TOTAL, 10))
            .get(0);
    assertThat(total.measures().unconverted()).isEqualTo(1);
  }

  @Test
  void dailyRisk_filters_byCategoryCountryAndLimit_newestFirst() {
    List<DailyRisk> rows = analytics.dailyRisk(new AnalyticsFilter(null, null, "grocery", "US", 3));
    assertThat(rows)
        .extracting(DailyRisk::day)
        .containsExactly(
            LocalDate.parse("2026-01-24"),
            LocalDate.parse("2026-01-23"),
            LocalDate.parse("2026-01-22"));
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(List.of(r.category(), r.country())).isEqualTo(List.of("grocery", "US")));
    List<DailyRisk> totals =
        analytics.dailyRisk(
            new AnalyticsFilter(null, null, AnalyticsFilter.TOTAL, AnalyticsFilter.TOTAL, 1000));
    assertThat(totals)
        .hasSize(
            (int)
                oracle.daily().keySet().stream()
                    .filter(k -> k.category() == null && k.country() == null)
                    .count());
  }

  @Test
  void refresh_whileAnotherConnectionReads_readerAlwaysGetsEveryRow() throws Exception {
    int expected = analytics.dailyRisk(everything()).size();
    AtomicBoolean done = new AtomicBoolean();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                seen.add(analytics.dailyRisk(everything()).size());
              }
            });
    reader.start();
    try {
      for (int i = 0; i < 3; i++) {
        analytics.refresh(null);
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(seen).isNotEmpty().containsOnly(expected);
  }

  private static void same(SoftAssertions soft, String what, RiskMeasures a, RiskMeasures e) {
    soft.assertThat(a).as(what).isNotNull();
    if (a == null) {
      return;
    }
    soft.assertThat(
            List.of(
                a.transactions(),
                a.unconverted(),
                a.fraudCount(),
                a.users(),
                a.merchants(),
                a.devices()))
        .as(what + " counts")
        .isEqualTo(
            List.of(
                e.transactions(),
                e.unconverted(),
                e.fraudCount(),
                e.users(),
                e.merchants(),
                e.devices()));
    soft.assertThat(a.aboveThreshold()).as(what + " above_threshold").isEqualTo(e.aboveThreshold());
    close(soft, what + " amount", a.amountReporting(), e.amountReporting());
    close(soft, what + " fraud_rate", a.fraudRate(), e.fraudRate());
    close(soft, what + " avg_score", a.avgScore(), e.avgScore());
    close(soft, what + " p95_score", a.p95Score(), e.p95Score());
  }

  /** Equal up to the order of floating-point additions; null only where expected. */
  static void close(SoftAssertions soft, String what, Double a, Double e) {
    if (e == null || a == null) {
      soft.assertThat(a).as(what).isEqualTo(e);
    } else {
      soft.assertThat(a).as(what).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
    }
  }
}
