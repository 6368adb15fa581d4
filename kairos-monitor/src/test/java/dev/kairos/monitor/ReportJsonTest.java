package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.monitor.SkewSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  static SkewReport report() {
    return new SkewReport(
        "fraud_detection_v1",
        T.plusSeconds(3600),
        T.minusSeconds(86_400),
        T.plusSeconds(60),
        120,
        2,
        1,
        List.of(new SkewSummary.Hour(T, 120, 2)),
        List.of(
            new SkewReport.FeatureSkew(
                "user_txn_windows__amount_sum_1h",
                120,
                3,
                1,
                0,
                1,
                1,
                0.0125,
                Map.of("p1", -2.5, "p50", 0.0, "p99", 1000.0),
                Map.of(
                    "value_mismatch",
                    List.of(
                        new SkewReport.Example(
                            Map.of("user_id", "1001"), T.plusSeconds(5), "1012.5", "12.5")),
                    "served_null_only",
                    List.of(new SkewReport.Example(Map.of("user_id", "7"), T, null, "3.0")))),
            new SkewReport.FeatureSkew(
                "user_txn_windows__home_country", 120, 0, 0, 0, 0, 0, null, Map.of(), Map.of())));
  }

  @Test
  void parse_readsBackEverythingRenderWrote_includingNullValuesAndExamples() {
    SkewReport r = report();
    SkewReport back = ReportJson.parse(ReportJson.render(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.features().get(0).examples().get("served_null_only").get(0).served()).isNull();
    assertThat(ReportJson.summary(ReportJson.render(r))).isEqualTo(r.summary());
  }

  @Test
  void parse_ofSomethingElse_isAnInternalError() {
    assertThatThrownBy(() -> ReportJson.parse("{\"error\": \"nope\"}"))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith("not a skew report: ")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.INTERNAL);
  }
}
