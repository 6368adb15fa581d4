package dev.kairos.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import org.junit.jupiter.api.Test;

class EvaluationTest {
  // scikit-learn's documentation example: roc_auc_score 0.75, average_precision_score 0.8333.
  static final float[] LABELS = {0, 0, 1, 1};
  static final double[] SCORES = {0.1, 0.4, 0.35, 0.8};

  @Test
  void evaluate_onSklearnExample_matchesHandComputedValues() {
    BinaryMetrics m = Evaluation.evaluate(LABELS, SCORES, 0.4);

    assertThat(m.rows()).isEqualTo(4);
    assertThat(m.positives()).isEqualTo(2);
    assertThat(m.rocAuc()).isEqualTo(0.75);
    // Thresholds 0.8: R=1/2 P=1; 0.4: R=1/2; 0.35: R=1 P=2/3  ->  1/2 + 1/2 * 2/3 = 5/6.
    assertThat(m.averagePrecision()).isCloseTo(5.0 / 6, within(1e-15));
    assertThat(m.logLoss())
        .isCloseTo(
            -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, within(1e-15));
    assertThat(m.threshold()).isEqualTo(0.4);
    assertThat(m.confusion()).isEqualTo(new Confusion(1, 1, 1, 1));
    assertThat(m.precision()).isEqualTo(0.5);
    assertThat(m.recall()).isEqualTo(0.5);
    assertThat(m.f1()).isEqualTo(0.5);
    assertThat(m.accuracy()).isEqualTo(0.5);
  }

  @Test
  void rocAuc_countsTiedPairsAsHalf() {
    // Pairs: each positive at 0.5 ties the negative at 0.5 (1/2) and beats the one at 0.2 (1).
    float[] labels = {1, 0, 1, 0};
    double[] scores = {0.5, 0.5, 0.5, 0.2};

    assertThat(Evaluation.rocAuc(labels, scores)).isEqualTo(0.75);
    assertThat(Evaluation.averagePrecision(labels, scores)).isEqualTo(2.0 / 3);
  }

  @Test
  void rocAuc_allScoresEqual_isOneHalf() {
    assertThat(Evaluation.rocAuc(new float[] {1, 0, 0}, new double[] {0.3, 0.3, 0.3}))
        .isEqualTo(0.5);
  }

  @Test
  void metrics_withoutPositives_areNaNWhereUndefined_andZeroForPrecisionAndRecall() {
    BinaryMetrics m = Evaluation.evaluate(new float[] {0, 0}, new double[] {0.2, 0.7}, 0.9);

    assertThat(m.rocAuc()).isNaN();
    assertThat(m.averagePrecision()).isNaN();
    assertThat(m.confusion()).isEqualTo(new Confusion(0, 0, 2, 0));
    assertThat(m.precision()).isZero();
    assertThat(m.recall()).isZero();
    assertThat(m.f1()).isZero();
    assertThat(m.accuracy()).isEqualTo(1.0);
  }

  @Test
  void metrics_withoutNegatives_haveNaNRocAuc_andAveragePrecisionOne() {
    BinaryMetrics m = Evaluation.evaluate(new float[] {1, 1}, new double[] {0.2, 0.7}, 0.5);

    assertThat(m.rocAuc()).isNaN();
    assertThat(m.averagePrecision()).isEqualTo(1.0);
    assertThat(m.confusion()).isEqualTo(new Confusion(1, 0, 0, 1));
  }

  @Test
  void precision_withNothingPredictedPositive_isZero() {
    Confusion c = Evaluation.confusion(LABELS, SCORES, 0.95);

    assertThat(c).isEqualTo(new Confusion(0, 0, 2, 2));
    assertThat(c.precision()).isZero();
    assertThat(c.f1()).isZero();
  }

  @Test
  void logLoss_clipsTheTrueClassProbability() {
    // A confident mistake either way costs -ln(1e-15) = 15 ln 10, not infinity.
    assertThat(Evaluation.logLoss(new float[] {1, 0}, new double[] {0.0, 1.0}))
        .isCloseTo(15 * Math.log(10), within(1e-12));
    assertThat(Evaluation.logLoss(new float[] {1, 0}, new double[] {0.5, 0.5}))
        .isEqualTo(Math.log(2));
  }

  @Test
  void toMetrics_namesEveryMetricUnderThePrefix() {
    assertThat(Evaluation.evaluate(LABELS, SCORES, 0.4).toMetrics("test"))
        .containsKeys("test.roc_auc", "test.pr_auc", "test.log_loss", "test.f1", "test.tn")
        .containsEntry("test.roc_auc", 0.75)
        .containsEntry("test.tp", 1.0)
        .hasSize(14);
  }

  @Test
  void evaluate_rejectsLabelsOtherThanZeroOrOne_namingTheRow() {
    assertThatThrownBy(() -> Evaluation.evaluate(new float[] {0, 2}, new double[] {0.1, 0.2}, 0.5))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("the label of row 1 is 2.0; labels are 0 or 1");
  }

  @Test
  void evaluate_rejectsScoresOutsideZeroOne_andNaN() {
    assertThatThrownBy(() -> Evaluation.rocAuc(new float[] {0, 1}, new double[] {0.1, 1.5}))
        .isInstanceOf(KairosException.class)
        .hasMessage("the score of row 1 is 1.5; scores are probabilities in [0, 1]");
    assertThatThrownBy(() -> Evaluation.logLoss(new float[] {0, 1}, new double[] {Double.NaN, 1}))
        .hasMessage("the score of row 0 is NaN; scores are probabilities in [0, 1]");
  }

  @Test
  void evaluate_rejectsNoRows() {
    assertThatThrownBy(() -> Evaluation.evaluate(new float[0], new double[0], 0.5))
        .isInstanceOf(KairosException.class)
        .hasMessage("no rows to evaluate: labels and scores are empty");
  }

  @Test
  void evaluate_rejectsArraysOfDifferentLengths() {
    assertThatThrownBy(() -> Evaluation.averagePrecision(new float[] {0, 1}, new double[] {0.1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels and scores differ in length: 2 vs 1");
  }

  @Test
  void confusion_rejectsNaNThreshold() {
    assertThatThrownBy(() -> Evaluation.confusion(LABELS, SCORES, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the threshold is NaN");
  }
}
