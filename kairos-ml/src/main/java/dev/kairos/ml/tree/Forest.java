package dev.kairos.ml.tree;

import java.util.Arrays;

/**
 * The trees of a model in flat arrays, one entry per node of every tree, indexed by the node's
 * absolute position. Each tree's nodes are numbered breadth-first from its root, so the children of
 * a node are adjacent: the right child is {@code left + 1}. Built once by {@link ModelReader} and
 * never written afterwards, so it is safely shared between threads and between {@link
 * TreeEnsemble}s using different tree limits.
 */
final class Forest {
  /** Absolute index of each tree's root, in boosting order. */
  final int[] roots;

  /** Absolute index of the left child (the right one is next to it), or -1 at a leaf. */
  final int[] left;

  /** The feature a split reads (unused at a leaf). */
  final int[] feature;

  /** The split condition, or at a leaf the leaf value (as in XGBoost's own node layout). */
  final float[] split;

  /** Where a missing (NaN) value goes. */
  final boolean[] defaultLeft;

  /** The node's cover: the sum of the training rows' hessians that reached it. */
  final float[] cover;

  /** The node's cover over its parent's (1 at a root): the share of rows taking this branch. */
  final double[] fraction;

  /** Each tree's expected value: its leaf values weighted by cover. */
  final double[] expected;

  /** The largest depth (edges from root to leaf) of any tree. */
  final int maxDepth;

  /** TreeSHAP's quadrature, exact for paths up to {@link #maxDepth}. */
  final Quadrature quadrature;

  Forest(
      int[] roots,
      int[] left,
      int[] feature,
      float[] split,
      boolean[] defaultLeft,
      float[] cover,
      int maxDepth) {
    this.roots = roots;
    this.left = left;
    this.feature = feature;
    this.split = split;
    this.defaultLeft = defaultLeft;
    this.cover = cover;
    this.maxDepth = maxDepth;
    this.quadrature = Quadrature.forDepth(maxDepth);
    this.fraction = new double[left.length];
    Arrays.fill(fraction, 1.0);
    for (int n = 0; n < left.length; n++) {
      if (left[n] >= 0) {
        fraction[left[n]] = (double) cover[left[n]] / cover[n];
        fraction[left[n] + 1] = (double) cover[left[n] + 1] / cover[n];
      }
    }
    this.expected = new double[roots.length];
    for (int t = 0; t < roots.length; t++) {
      expected[t] = meanValue(roots[t]);
    }
  }

  int size() {
    return roots.length;
  }

  boolean isLeaf(int n) {
    return left[n] < 0;
  }

  /** The leaf value the row reaches in tree {@code t}. */
  float leafValue(int t, float[] row) {
    int n = roots[t];
    while (left[n] >= 0) {
      n = left[n] + (goesLeft(n, row[feature[n]]) ? 0 : 1);
    }
    return split[n];
  }

  /**
   * NaN follows the default branch, any other value goes left when {@code v < split} (evaluated
   * without a branch: which way a row goes is as good as random to the CPU).
   */
  boolean goesLeft(int n, float v) {
    return v < split[n] | (v != v & defaultLeft[n]);
  }

  /** As XGBoost's FillNodeMeanValue: children's values weighted by their cover over the node's. */
  private double meanValue(int n) {
    if (left[n] < 0) {
      return split[n];
    }
    int l = left[n];
    int r = l + 1;
    return (meanValue(l) * cover[l] + meanValue(r) * cover[r]) / cover[n];
  }
}
