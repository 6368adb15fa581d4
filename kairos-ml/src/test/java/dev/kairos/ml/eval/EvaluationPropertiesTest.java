package dev.kairos.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Every metric against {@link Oracle}, on small data sets full of ties. */
class EvaluationPropertiesTest {
  static final double EPS = 1e-12;

  @Property
  void rocAuc_equalsFractionOfCorrectlyRankedPairs(@ForAll("datasets") Dataset d) {
    assertSame(Evaluation.rocAuc(d.labels(), d.scores()), Oracle.rocAuc(d.labels(), d.scores()));
  }

  @Property
  void averagePrecision_equalsSumOverThresholds(@ForAll("datasets") Dataset d) {
    assertSame(
        Evaluation.averagePrecision(d.labels(), d.scores()),
        Oracle.averagePrecision(d.labels(), d.scores()));
  }

  @Property
  void logLoss_equalsDefinition(@ForAll("datasets") Dataset d) {
    assertThat(Evaluation.logLoss(d.labels(), d.scores()))
        .isCloseTo(Oracle.logLoss(d.labels(), d.scores()), within(EPS));
  }

  @Property
  void evaluate_countsEveryRowAtTheThreshold(
      @ForAll("datasets") Dataset d, @ForAll @DoubleRange(min = 0, max = 1) double threshold) {
    BinaryMetrics m = Evaluation.evaluate(d.labels(), d.scores(), threshold);

    assertThat(m.confusion()).isEqualTo(Oracle.confusion(d.labels(), d.scores(), threshold));
    assertThat(m.rows()).isEqualTo(d.labels().length);
    assertThat(m.positives()).isEqualTo(d.positives());
    assertThat(m.precision())
        .isCloseTo(Oracle.precision(d.labels(), d.scores(), threshold), within(EPS));
    assertThat(m.recall()).isCloseTo(Oracle.recall(d.labels(), d.scores(), threshold), within(EPS));
    assertThat(m.f1()).isCloseTo(Oracle.f1(d.labels(), d.scores(), threshold), within(EPS));
    assertSame(m.rocAuc(), Oracle.rocAuc(d.labels(), d.scores()));
    assertSame(m.averagePrecision(), Oracle.averagePrecision(d.labels(), d.scores()));
  }

  @Property
  void rocAuc_ofReversedScores_isOneMinusRocAuc(@ForAll("bothClasses") Dataset d) {
    double[] reversed = new double[d.scores().length];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = 1 - d.scores()[i];
    }
    assertThat(Evaluation.rocAuc(d.labels(), reversed))
        .isCloseTo(1 - Evaluation.rocAuc(d.labels(), d.scores()), within(EPS));
  }

  static void assertSame(double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isCloseTo(expected, within(EPS));
    }
  }

  @Provide
  Arbitrary<Dataset> datasets() {
    return Dataset.arbitrary();
  }

  @Provide
  Arbitrary<Dataset> bothClasses() {
    return Dataset.bothClasses();
  }
}
