package dev.kairos.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB rebuilds only the days (weeks) from the requested date, in one transaction. */
class AnalyticsRefreshFromTest {
  @Test
  void refresh_fromADate_rebuildsOnlyThoseDays(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.duckdb(dir)) {
      Analytics analytics = Analytics.of(repo.fs);
      RefreshSummary first = analytics.refresh(null);
      assertThat(first.views()).allMatch(RefreshSummary.ViewRefresh::whole);
      Oracle.Tx early =
          repo.rows.stream()
              .filter(t -> t.day().equals(LocalDate.parse("2026-01-02")))
              .findFirst()
              .orElseThrow();
      Oracle.Tx late =
          repo.rows.stream()
              .filter(t -> t.day().equals(LocalDate.parse("2026-01-21")))
              .findFirst()
              .orElseThrow();
      Instant at = Instant.parse("2026-02-01T00:00:00Z");
      Oracle.Score lateScore = new Oracle.Score(late.id(), 1, 0.7, 0.5, at);
      repo.logPredictions(List.of(new Oracle.Score(early.id(), 1, 0.6, 0.5, at), lateScore));

      LocalDate from = LocalDate.parse("2026-01-20");
      RefreshSummary partial = analytics.refresh(from);

      assertThat(partial.views()).noneMatch(RefreshSummary.ViewRefresh::whole);
      assertThat(partial.views())
          .extracting(RefreshSummary.ViewRefresh::rows)
          .isEqualTo(first.views().stream().map(RefreshSummary.ViewRefresh::rows).toList());
      // days before `from` keep what the first refresh computed (no scores); later ones are new
      Map<Oracle.Key, RiskMeasures> before = new Oracle(repo.rows, List.of()).daily();
      Map<Oracle.Key, RiskMeasures> after = new Oracle(repo.rows, List.of(lateScore)).daily();
      Map<Oracle.Key, RiskMeasures> actual = new HashMap<>();
      analytics
          .dailyRisk(AnalyticsViewsContract.everything())
          .forEach(
              r -> actual.put(new Oracle.Key(r.day(), r.category(), r.country()), r.measures()));
      assertThat(actual.keySet()).isEqualTo(before.keySet());
      actual.forEach(
          (k, m) -> {
            RiskMeasures e = (k.period().isBefore(from) ? before : after).get(k);
            assertThat(List.of(m.transactions(), m.fraudCount(), m.users()))
                .as(k.toString())
                .isEqualTo(List.of(e.transactions(), e.fraudCount(), e.users()));
            assertThat(m.avgScore()).as(k.toString()).isEqualTo(e.avgScore());
          });
      assertThat(actual.get(new Oracle.Key(late.day(), null, null)).avgScore()).isEqualTo(0.7);
      assertThat(actual.get(new Oracle.Key(early.day(), null, null)).avgScore()).isNull();
    }
  }
}
