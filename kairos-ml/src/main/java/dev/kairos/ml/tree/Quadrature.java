package dev.kairos.ml.tree;

/**
 * Gauss-Legendre quadrature on {@code [0, 1]}: {@code n} nodes and weights that integrate every
 * polynomial of degree up to {@code 2n - 1} exactly (up to rounding).
 */
final class Quadrature {
  private final double[] nodes;
  private final double[] weights;
  private final double[] coldInverses;

  private Quadrature(int n) {
    nodes = new double[n];
    weights = new double[n];
    coldInverses = new double[n];
    for (int i = 0; i < n; i++) {
      // Newton's method on the Legendre polynomial P_n over [-1, 1], from the usual first guess.
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double derivative;
      double step;
      do {
        double p = 1;
        double previous = 0;
        for (int k = 1; k <= n; k++) {
          double older = previous;
          previous = p;
          p = ((2 * k - 1) * x * previous - (k - 1) * older) / k;
        }
        derivative = n * (x * p - previous) / (x * x - 1);
        step = p / derivative;
        x -= step;
      } while (Math.abs(step) > 1e-15);
      nodes[i] = (1 - x) / 2;
      weights[i] = 1 / ((1 - x * x) * derivative * derivative);
      coldInverses[i] = 1 / (1 - nodes[i]);
    }
  }

  /** Enough points to integrate the products along paths of up to {@code maxDepth} features. */
  static Quadrature forDepth(int maxDepth) {
    return new Quadrature(Math.max(1, (maxDepth + 1) / 2));
  }

  int size() {
    return nodes.length;
  }

  double node(int q) {
    return nodes[q];
  }

  double weight(int q) {
    return weights[q];
  }

  /** {@code 1 / (1 - node(q))}. */
  double coldInverse(int q) {
    return coldInverses[q];
  }
}
