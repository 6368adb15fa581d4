package dev.kairos.ml.eval;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Labels and scores for property tests: small, with many tied scores and sometimes one class. */
record Dataset(float[] labels, double[] scores) {
  static Arbitrary<Dataset> arbitrary() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 40);
    return size.flatMap(
        n ->
            Combinators.combine(labels(n), scores(n))
                .as(
                    (l, s) ->
                        new Dataset(
                            toFloats(l), s.stream().mapToDouble(Double::doubleValue).toArray())));
  }

  /** Both classes present: where every metric is defined. */
  static Arbitrary<Dataset> bothClasses() {
    return arbitrary().filter(d -> d.positives() > 0 && d.positives() < d.labels.length);
  }

  long positives() {
    long p = 0;
    for (float l : labels) {
      p += l == 1f ? 1 : 0;
    }
    return p;
  }

  private static Arbitrary<List<Float>> labels(int n) {
    // Positive rates from rare (as fraud) to common; shrinking reaches single-class rows.
    return Arbitraries.integers()
        .between(1, 9)
        .flatMap(
            w -> Arbitraries.frequency(Tuple.of(10 - w, 0f), Tuple.of(w, 1f)).list().ofSize(n));
  }

  private static Arbitrary<List<Double>> scores(int n) {
    // Multiples of 1/k for a small k: many ties, and 0 and 1 themselves.
    Arbitrary<List<Double>> coarse =
        Arbitraries.integers()
            .between(1, 5)
            .flatMap(
                k ->
                    Arbitraries.integers().between(0, k).map(i -> (double) i / k).list().ofSize(n));
    Arbitrary<List<Double>> fine = Arbitraries.doubles().between(0, 1).ofScale(6).list().ofSize(n);
    return Arbitraries.frequencyOf(Tuple.of(3, coarse), Tuple.of(1, fine));
  }

  private static float[] toFloats(List<Float> l) {
    float[] f = new float[l.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = l.get(i);
    }
    return f;
  }

  @Override
  public String toString() {
    return "Dataset[labels="
        + Arrays.toString(labels)
        + ", scores="
        + Arrays.toString(scores)
        + "]";
  }
}
