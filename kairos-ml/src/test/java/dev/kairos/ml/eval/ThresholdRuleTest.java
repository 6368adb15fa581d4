package dev.kairos.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdRuleTest {
  // By threshold: 0.8 P=1 R=1/2 F1=2/3; 0.4 P=1/2 R=1/2 F1=1/2; 0.35 P=2/3 R=1 F1=4/5;
  // 0.1 P=1/2 R=1 F1=2/3.
  static final float[] LABELS = EvaluationTest.LABELS;
  static final double[] SCORES = EvaluationTest.SCORES;
  static final String ACCEPTED =
      "accepted forms: best-f1 (the default), precision:P or recall:R with P, R in (0, 1],"
          + " fixed:T with T in [0, 1]";

  @ParameterizedTest
  @CsvSource({
    "best-f1, 0.35",
    "precision:1, 0.8",
    "precision:0.9, 0.8",
    "precision:0.6, 0.35",
    "precision:0.5, 0.1",
    "recall:0.5, 0.8",
    "recall:0.8, 0.35",
    "recall:1, 0.35",
    "fixed:0.5, 0.5",
  })
  void choose_onSklearnExample_picksTheHandComputedThreshold(String rule, double expected) {
    assertThat(ThresholdRule.parse(rule).choose(LABELS, SCORES)).isEqualTo(expected);
  }

  @Test
  void bestF1_onEqualF1_picksTheHighestThreshold() {
    // F1 is 2/3 at 0.9 (tp=1, fp=0) and at 0.3 (tp=2, fp=2).
    float[] labels = {1, 0, 0, 1};
    double[] scores = {0.9, 0.7, 0.5, 0.3};

    assertThat(ThresholdRule.bestF1().choose(labels, scores)).isEqualTo(0.9);
  }

  @Test
  void precision_whenNoThresholdReachesIt_namesTheBestPrecisionReached() {
    float[] labels = {1, 0, 1, 0};
    double[] scores = {0.5, 0.5, 0.5, 0.2};

    assertThatThrownBy(() -> ThresholdRule.parse("precision:0.9").choose(labels, scores))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "no threshold reaches precision 0.9 on the 4 validation rows (2 positive);"
                + " the best precision reached is 0.6667, at threshold 0.5");
  }

  @ParameterizedTest
  @CsvSource({"best-f1", "precision:0.5", "recall:0.5"})
  void choose_withoutPositives_failsNamingTheRule(String rule) {
    assertThatThrownBy(
            () -> ThresholdRule.parse(rule).choose(new float[] {0, 0}, new double[] {0.1, 0.2}))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "threshold rule "
                + rule
                + " needs at least one positive label;"
                + " the 2 validation rows have none");
  }

  @Test
  void fixed_ignoresTheData() {
    assertThat(new ThresholdRule.Fixed(0.25).choose(new float[] {0}, new double[] {0.9}))
        .isEqualTo(0.25);
  }

  @Test
  void parse_readsEveryForm_andToStringRoundTrips() {
    assertThat(ThresholdRule.parse(" best-f1 ")).isEqualTo(new ThresholdRule.BestF1());
    assertThat(ThresholdRule.parse("precision:0.9")).isEqualTo(new ThresholdRule.MinPrecision(0.9));
    assertThat(ThresholdRule.parse("recall:.8")).isEqualTo(new ThresholdRule.MinRecall(0.8));
    assertThat(ThresholdRule.parse("fixed:0")).isEqualTo(new ThresholdRule.Fixed(0));
    assertThat(ThresholdRule.parse("fixed:1E-5")).isEqualTo(new ThresholdRule.Fixed(1e-5));
    for (ThresholdRule rule :
        new ThresholdRule[] {
          ThresholdRule.bestF1(),
          new ThresholdRule.MinPrecision(0.9),
          new ThresholdRule.MinRecall(1),
          new ThresholdRule.Fixed(1e-5)
        }) {
      assertThat(ThresholdRule.parse(rule.toString())).isEqualTo(rule);
    }
    assertThat(new ThresholdRule.MinPrecision(0.9)).hasToString("precision:0.9");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|unknown threshold rule \"\"",
        "best_f1|unknown threshold rule \"best_f1\"",
        "f1:0.5|unknown threshold rule \"f1:0.5\"",
        "Precision:0.9|unknown threshold rule \"Precision:0.9\"",
        "precision:|bad threshold rule \"precision:\": \"\" is not a number",
        "recall:abc|bad threshold rule \"recall:abc\": \"abc\" is not a number",
        "fixed:NaN|bad threshold rule \"fixed:NaN\": \"NaN\" is not a number",
        "precision:0|bad threshold rule \"precision:0\": the precision target must be in (0, 1],"
            + " was 0.0",
        "precision:1.5|bad threshold rule \"precision:1.5\": the precision target must be in"
            + " (0, 1], was 1.5",
        "recall:-0.1|bad threshold rule \"recall:-0.1\": the recall target must be in (0, 1],"
            + " was -0.1",
        "fixed:2|bad threshold rule \"fixed:2\": the threshold must be in [0, 1], was 2.0",
      })
  void parse_rejectsBadText_listingTheAcceptedForms(String text, String message) {
    assertThatThrownBy(() -> ThresholdRule.parse(text))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(message + "; " + ACCEPTED);
  }

  @Property
  void bestF1_isTheHighestThresholdOfMaximalF1(@ForAll("withPositives") Dataset d) {
    double[] thresholds = Oracle.thresholds(d.scores());
    double best =
        Arrays.stream(thresholds)
            .map(t -> Oracle.f1(d.labels(), d.scores(), t))
            .max()
            .orElseThrow();
    double expected =
        Arrays.stream(thresholds)
            .filter(t -> Oracle.f1(d.labels(), d.scores(), t) >= best - 1e-12)
            .max()
            .orElseThrow();

    assertThat(ThresholdRule.bestF1().choose(d.labels(), d.scores())).isEqualTo(expected);
  }

  @Property
  void precision_isTheLowestThresholdReachingTheTarget(
      @ForAll("withPositives") Dataset d, @ForAll("targets") double target) {
    double[] reaching =
        Arrays.stream(Oracle.thresholds(d.scores()))
            .filter(t -> Oracle.precision(d.labels(), d.scores(), t) >= target)
            .toArray();
    ThresholdRule rule = new ThresholdRule.MinPrecision(target);

    if (reaching.length == 0) {
      assertThatThrownBy(() -> rule.choose(d.labels(), d.scores()))
          .isInstanceOf(KairosException.class)
          .hasMessageStartingWith("no threshold reaches precision " + target);
    } else {
      assertThat(rule.choose(d.labels(), d.scores()))
          .isEqualTo(Arrays.stream(reaching).min().orElseThrow());
    }
  }

  @Property
  void recall_isTheHighestThresholdReachingTheTarget(
      @ForAll("withPositives") Dataset d, @ForAll("targets") double target) {
    double expected =
        Arrays.stream(Oracle.thresholds(d.scores()))
            .filter(t -> Oracle.recall(d.labels(), d.scores(), t) >= target)
            .max()
            .orElseThrow();

    assertThat(new ThresholdRule.MinRecall(target).choose(d.labels(), d.scores()))
        .isEqualTo(expected);
  }

  @Provide
  Arbitrary<Dataset> withPositives() {
    return Dataset.arbitrary().filter(d -> d.positives() > 0);
  }

  @Provide
  Arbitrary<Double> targets() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 10).map(i -> i / 10.0),
        Arbitraries.doubles().between(0, 1).filter(x -> x > 0));
  }
}
