package dev.kairos.ml.tree;

import java.util.Arrays;

/**
 * Exact path-dependent TreeSHAP: the values of Lundberg, Erion and Lee's algorithm 2 ("Consistent
 * Individualized Feature Attribution for Tree Ensembles"), which XGBoost computes for {@code
 * pred_contribs} without approximation, with node cover as the weight of each branch.
 *
 * <p>It evaluates them in a cheaper form. For a leaf of value {@code v}, let each feature {@code i}
 * split on along the path to it have {@code z_i}, the product of the cover fractions of the
 * branches the path takes at that feature's splits, and {@code o_i}, 1 when the row takes all of
 * them and 0 otherwise. The leaf adds to feature {@code j}
 *
 * <pre>
 *   v (o_j - z_j) sum over S ⊆ others of |S|! (n - |S| - 1)! / n! prod(i in S) o_i prod(i not in S) z_i
 * = v (o_j - z_j) ∫₀¹ prod(i ≠ j) a_i(t) dt,   with a_i(t) = z_i + (o_i - z_i) t
 * </pre>
 *
 * (a Beta integral), a polynomial of degree {@code n - 1 < maxDepth}, which Gauss-Legendre
 * quadrature on {@code ceil(maxDepth / 2)} points integrates exactly. So a walk of the tree keeps,
 * per quadrature point {@code t_q}, the product {@code F_q} of the path's factors; each leaf
 * returns {@code v w_q F_q}; and where a feature's factor was set, the sums returned by the leaves
 * below (except those below a deeper split on the same feature, which set it again) divided by that
 * factor give the feature's share. Every node costs a few operations per quadrature point, where
 * the original algorithm costs {@code O(n²)} per leaf.
 *
 * <p>One instance is the scratch space of one call, sized once for the deepest tree: explaining a
 * row allocates nothing per tree or per node. An instance is not thread-safe; {@link
 * TreeEnsemble#contributions} makes one per call.
 */
final class TreeShap {
  private final Forest forest;
  private final Quadrature quadrature;
  private final int points;
  private final float[] row;
  private final double[] phi;

  // Where each feature is in the path, or -1.
  private final int[] position;
  // The path's z and o per element, and at [element * points + q] the reciprocal of its factor at
  // t_q and the sum of the leaves below a deeper split on the same feature.
  private final double[] pathZero;
  private final double[] pathOne;
  private final double[] pathInverse;
  private final double[] excluded;
  // Per recursion level, at [level * points + q]: the product of the path's factors, the sum the
  // subtree returns, and what a repeated split saved of the element it changes.
  private final double[] product;
  private final double[] sum;
  private final double[] savedInverse;
  private final double[] savedExcluded;
  private final double[] scratch;

  TreeShap(Forest forest, float[] row, double[] phi) {
    this.forest = forest;
    this.quadrature = forest.quadrature;
    this.points = quadrature.size();
    this.row = row;
    this.phi = phi;
    this.position = new int[phi.length - 1];
    Arrays.fill(position, -1);
    int elements = forest.maxDepth + 1;
    int levels = forest.maxDepth + 2;
    this.pathZero = new double[elements];
    this.pathOne = new double[elements];
    this.pathInverse = new double[elements * points];
    this.excluded = new double[elements * points];
    this.product = new double[levels * points];
    this.sum = new double[levels * points];
    this.savedInverse = new double[levels * points];
    this.savedExcluded = new double[levels * points];
    this.scratch = new double[points];
  }

  /** Adds tree {@code t}'s SHAP values to {@code phi} (the bias is the caller's business). */
  void addTree(int t) {
    int root = forest.roots[t];
    if (!forest.isLeaf(root)) {
      Arrays.fill(product, 0, points, 1.0);
      visit(root, 0, 0);
    }
  }

  /**
   * Walks the subtree of internal {@code node}, at {@code level} under a path of {@code length}.
   */
  private void visit(int node, int level, int length) {
    int here = level * points;
    for (int q = 0; q < points; q++) {
      sum[here + q] = 0;
    }
    int feature = forest.feature[node];
    int left = forest.left[node];
    int right = left + 1;
    // 1 when the row goes left, else 0: arithmetic rather than a branch the CPU cannot predict.
    int goesLeft = forest.goesLeft(node, row[feature]) ? 1 : 0;
    int p = position[feature];
    if (p < 0) {
      position[feature] = length;
      double share =
          enter(left, level, length + 1, length, forest.fraction[left], goesLeft, false)
              + enter(
                  right, level, length + 1, length, forest.fraction[right], 1 - goesLeft, false);
      phi[feature] += share;
      position[feature] = -1;
      return;
    }
    // The feature is split on again: its element takes this split's branch too, then is restored.
    double zero = pathZero[p];
    double one = pathOne[p];
    int element = p * points;
    for (int q = 0; q < points; q++) {
      savedInverse[here + q] = pathInverse[element + q];
    }
    double share =
        enter(left, level, length, p, zero * forest.fraction[left], one * goesLeft, true)
            + enter(
                right, level, length, p, zero * forest.fraction[right], one * (1 - goesLeft), true);
    phi[feature] += share;
    pathZero[p] = zero;
    pathOne[p] = one;
    for (int q = 0; q < points; q++) {
      pathInverse[element + q] = savedInverse[here + q];
    }
  }

  /**
   * Walks {@code child} of a node at {@code level} with path element {@code p} set to {@code (zero,
   * one)}, credits that element's feature, and adds the child's sum to its parent's. When the
   * element {@code replaces} an earlier split's, the child's leaves are excluded from that.
   */
  private double enter(
      int child, int level, int length, int p, double zero, double one, boolean replaces) {
    if (zero == 0 && one == 0) {
      return 0; // a factor of 0 (a branch no training row took, off the row's path): weighs nothing
    }
    if (forest.isLeaf(child)) {
      return leaf(forest.split[child], level, p, zero, one, replaces);
    }
    int parent = level * points;
    int here = parent + points;
    int element = p * points;
    pathZero[p] = zero;
    pathOne[p] = one;
    for (int q = 0; q < points; q++) {
      double factor = zero + (one - zero) * quadrature.node(q);
      // the product without this element's factor: the parent's, less the factor it replaces
      double without =
          replaces ? product[parent + q] * savedInverse[parent + q] : product[parent + q];
      product[here + q] = without * factor;
      pathInverse[element + q] = factor;
      savedExcluded[here + q] = excluded[element + q];
      excluded[element + q] = 0;
    }
    invertInPlace(element);

    visit(child, level + 1, length);

    double share = 0;
    for (int q = 0; q < points; q++) {
      double below = sum[here + q];
      share += (below - excluded[element + q]) * pathInverse[element + q];
      sum[parent + q] += below;
      excluded[element + q] = savedExcluded[here + q] + below;
    }
    return (one - zero) * share;
  }

  /** As {@link #enter} for a leaf child: its factor cancels out of its own feature's share. */
  private double leaf(double value, int level, int p, double zero, double one, boolean replaces) {
    int parent = level * points;
    int element = p * points;
    double share = 0;
    for (int q = 0; q < points; q++) {
      double without =
          replaces ? product[parent + q] * savedInverse[parent + q] : product[parent + q];
      double weighed = value * quadrature.weight(q) * without;
      double below = weighed * (zero + (one - zero) * quadrature.node(q));
      share += weighed;
      sum[parent + q] += below;
      if (replaces) {
        excluded[element + q] += below;
      }
    }
    return (one - zero) * share;
  }

  /**
   * Replaces the factors of path element {@code element / points}, none of them 0, by their
   * reciprocals with a single division (Montgomery's trick): divisions are what a node costs most.
   */
  private void invertInPlace(int element) {
    double[] a = pathInverse;
    double running = 1;
    for (int q = 0; q < points; q++) {
      scratch[q] = running;
      running *= a[element + q];
    }
    double inverse = 1 / running;
    for (int q = points - 1; q >= 0; q--) {
      double factor = a[element + q];
      a[element + q] = inverse * scratch[q];
      inverse *= factor;
    }
  }
}
