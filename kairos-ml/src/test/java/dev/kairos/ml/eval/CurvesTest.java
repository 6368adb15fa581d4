package dev.kairos.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CurvesTest {
  static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void roc_onSklearnExample_hasOnePointPerDistinctScore() {
    assertThat(Curves.roc(EvaluationTest.LABELS, EvaluationTest.SCORES))
        .containsExactly(
            new CurvePoint(INF, 0, 0),
            new CurvePoint(0.8, 0, 0.5),
            new CurvePoint(0.4, 0.5, 0.5),
            new CurvePoint(0.35, 0.5, 1),
            new CurvePoint(0.1, 1, 1));
  }

  @Test
  void precisionRecall_onSklearnExample_startsAtRecallZeroPrecisionOne() {
    assertThat(Curves.precisionRecall(EvaluationTest.LABELS, EvaluationTest.SCORES))
        .containsExactly(
            new CurvePoint(INF, 0, 1),
            new CurvePoint(0.8, 0.5, 1),
            new CurvePoint(0.4, 0.5, 0.5),
            new CurvePoint(0.35, 1, 2.0 / 3),
            new CurvePoint(0.1, 1, 0.5));
  }

  @Test
  void curves_groupTiedScoresIntoOnePoint() {
    assertThat(Curves.roc(new float[] {1, 0, 1, 0}, new double[] {0.5, 0.5, 0.5, 0.2}))
        .containsExactly(
            new CurvePoint(INF, 0, 0), new CurvePoint(0.5, 0.5, 1), new CurvePoint(0.2, 1, 1));
  }

  @Test
  void curves_withAClassMissing_areEmptyWhereUndefined() {
    assertThat(Curves.roc(new float[] {0, 0}, new double[] {0.1, 0.2})).isEmpty();
    assertThat(Curves.roc(new float[] {1, 1}, new double[] {0.1, 0.2})).isEmpty();
    assertThat(Curves.precisionRecall(new float[] {0, 0}, new double[] {0.1, 0.2})).isEmpty();
    assertThat(Curves.precisionRecall(new float[] {1, 1}, new double[] {0.1, 0.2}))
        .containsExactly(
            new CurvePoint(INF, 0, 1), new CurvePoint(0.2, 0.5, 1), new CurvePoint(0.1, 1, 1));
  }

  @Test
  void thin_withFewPoints_returnsTheCurveItself() {
    List<CurvePoint> roc = Curves.roc(EvaluationTest.LABELS, EvaluationTest.SCORES);

    assertThat(Curves.thin(roc, 5)).isSameAs(roc);
  }

  @Test
  void thin_rejectsFewerThanTwoPoints() {
    assertThatThrownBy(() -> Curves.thin(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be at least 2, was 1");
  }

  @Property
  void roc_pointsAreTheRatesAtEachDistinctScore(@ForAll("bothClasses") Dataset d) {
    List<CurvePoint> roc = Curves.roc(d.labels(), d.scores());

    double[] thresholds = Oracle.thresholds(d.scores());
    assertThat(roc).hasSize(thresholds.length + 1).first().isEqualTo(new CurvePoint(INF, 0, 0));
    for (int k = 0; k < thresholds.length; k++) {
      Confusion c = Oracle.confusion(d.labels(), d.scores(), thresholds[k]);
      CurvePoint p = roc.get(k + 1);
      assertThat(p.threshold()).isEqualTo(thresholds[k]);
      assertThat(p.x()).isCloseTo((double) c.fp() / (c.fp() + c.tn()), within(1e-12));
      assertThat(p.y()).isCloseTo((double) c.tp() / (c.tp() + c.fn()), within(1e-12));
    }
  }

  @Property
  void roc_trapezoidArea_equalsRocAuc(@ForAll("bothClasses") Dataset d) {
    List<CurvePoint> roc = Curves.roc(d.labels(), d.scores());
    double area = 0;
    for (int i = 1; i < roc.size(); i++) {
      CurvePoint a = roc.get(i - 1);
      CurvePoint b = roc.get(i);
      area += (b.x() - a.x()) * (a.y() + b.y()) / 2;
    }
    assertThat(area).isCloseTo(Oracle.rocAuc(d.labels(), d.scores()), within(1e-12));
  }

  @Property
  void precisionRecall_pointsArePrecisionAndRecallAtEachDistinctScore(
      @ForAll("bothClasses") Dataset d) {
    List<CurvePoint> pr = Curves.precisionRecall(d.labels(), d.scores());

    double[] thresholds = Oracle.thresholds(d.scores());
    assertThat(pr).hasSize(thresholds.length + 1).first().isEqualTo(new CurvePoint(INF, 0, 1));
    double stepArea = 0;
    for (int k = 0; k < thresholds.length; k++) {
      CurvePoint p = pr.get(k + 1);
      assertThat(p.threshold()).isEqualTo(thresholds[k]);
      assertThat(p.x())
          .isCloseTo(Oracle.recall(d.labels(), d.scores(), thresholds[k]), within(1e-12));
      assertThat(p.y())
          .isCloseTo(Oracle.precision(d.labels(), d.scores(), thresholds[k]), within(1e-12));
      stepArea += (p.x() - pr.get(k).x()) * p.y();
    }
    assertThat(stepArea).isCloseTo(Oracle.averagePrecision(d.labels(), d.scores()), within(1e-12));
  }

  @Property
  void thin_keepsEndsAndOrder_andAtMostMaxPoints(
      @ForAll("longCurves") List<CurvePoint> curve, @ForAll @IntRange(min = 2, max = 30) int max) {
    List<CurvePoint> thin = Curves.thin(curve, max);

    assertThat(thin.size())
        .isLessThanOrEqualTo(max)
        .isGreaterThanOrEqualTo(Math.min(2, curve.size()));
    assertThat(thin.get(0)).isSameAs(curve.get(0));
    assertThat(thin.get(thin.size() - 1)).isSameAs(curve.get(curve.size() - 1));
    int from = 0;
    for (CurvePoint p : thin) {
      int at = indexOfIdentity(curve, p, from);
      assertThat(at).as("a point of the curve, in order").isGreaterThanOrEqualTo(from);
      from = at + 1;
    }
  }

  @Test
  void thin_ofALongCurve_keepsItsShape() {
    // 10,000 rows: the thinned ROC curve stays within 0.01 of the exact one everywhere drawn.
    java.util.Random random = new java.util.Random(7);
    float[] labels = new float[10_000];
    double[] scores = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
      scores[i] = Math.min(1, Math.max(0, random.nextGaussian() * 0.2 + 0.4 + 0.2 * labels[i]));
    }
    List<CurvePoint> exact = Curves.roc(labels, scores);
    List<CurvePoint> thin = Curves.thin(exact, 1000);

    assertThat(exact.size()).isGreaterThan(5000);
    assertThat(thin.size()).isBetween(900, 1000);
    for (CurvePoint p : exact) {
      assertThat(distance(p, thin)).isLessThan(0.01);
    }
  }

  private static double distance(CurvePoint p, List<CurvePoint> polyline) {
    double best = Double.MAX_VALUE;
    for (CurvePoint q : polyline) {
      best = Math.min(best, Math.hypot(p.x() - q.x(), p.y() - q.y()));
    }
    return best;
  }

  private static int indexOfIdentity(List<CurvePoint> curve, CurvePoint p, int from) {
    for (int i = from; i < curve.size(); i++) {
      if (curve.get(i) == p) {
        return i;
      }
    }
    return -1;
  }

  @Provide
  Arbitrary<Dataset> bothClasses() {
    return Dataset.bothClasses();
  }

  @Provide
  Arbitrary<List<CurvePoint>> longCurves() {
    return Arbitraries.doubles()
        .between(0, 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(120)
        .map(
            ys -> {
              List<CurvePoint> points = new ArrayList<>();
              for (int i = 0; i < ys.size(); i++) {
                points.add(new CurvePoint(ys.size() - i, (double) i / ys.size(), ys.get(i)));
              }
              return points;
            });
  }
}
