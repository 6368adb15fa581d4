package dev.kairos.ml.tree;

/**
 * The oracle {@link TreeShap} is checked against: Lundberg, Erion and Lee's algorithm 2
 * ("Consistent Individualized Feature Attribution for Tree Ensembles") ported step by step from
 * XGBoost's {@code TreeShap} ({@code src/predictor/treeshap.cc}, without conditioning), in double
 * precision. Slow (every leaf unwinds its path in {@code O(depth²)}) but exactly XGBoost's
 * bookkeeping.
 */
final class ReferenceTreeShap {
  private final Forest forest;
  private final float[] row;
  private final double[] phi;

  // The path of a call at recursion depth k starts where its parent's path ends, as in XGBoost:
  // element i of the path holds the feature split on, the fraction of zero (cold) and one (hot)
  // paths flowing through it, and the permutation weight of subsets of size i.
  private final int[] pathFeature;
  private final double[] pathZero;
  private final double[] pathOne;
  private final double[] pathWeight;

  /**
   * Every feature's SHAP value for the row, then the bias, as {@link TreeEnsemble#contributions}.
   */
  static double[] contributions(TreeEnsemble ensemble, float[] row) {
    double[] phi = new double[ensemble.numFeatures() + 1];
    ReferenceTreeShap shap = new ReferenceTreeShap(ensemble.forest(), row, phi);
    for (int t = 0; t < ensemble.numTrees(); t++) {
      shap.addTree(t);
    }
    phi[ensemble.numFeatures()] = ensemble.bias();
    return phi;
  }

  private ReferenceTreeShap(Forest forest, float[] row, double[] phi) {
    this.forest = forest;
    this.row = row;
    this.phi = phi;
    int d = forest.maxDepth + 2;
    int size = d * (d + 1) / 2;
    this.pathFeature = new int[size];
    this.pathZero = new double[size];
    this.pathOne = new double[size];
    this.pathWeight = new double[size];
  }

  private void addTree(int t) {
    recurse(forest.roots[t], 0, 0, 1, 1, -1);
  }

  private void recurse(
      int node, int depth, int parentStart, double zeroFraction, double oneFraction, int feature) {
    int start = parentStart + depth + 1;
    System.arraycopy(pathFeature, parentStart, pathFeature, start, depth + 1);
    System.arraycopy(pathZero, parentStart, pathZero, start, depth + 1);
    System.arraycopy(pathOne, parentStart, pathOne, start, depth + 1);
    System.arraycopy(pathWeight, parentStart, pathWeight, start, depth + 1);
    extend(start, depth, zeroFraction, oneFraction, feature);

    if (forest.left[node] < 0) {
      double value = forest.split[node];
      for (int i = 1; i <= depth; i++) {
        double w = unwoundSum(start, depth, i);
        phi[pathFeature[start + i]] += w * (pathOne[start + i] - pathZero[start + i]) * value;
      }
      return;
    }

    int split = forest.feature[node];
    int hot = forest.goesLeft(node, row[split]) ? forest.left[node] : forest.left[node] + 1;
    int cold = hot == forest.left[node] ? forest.left[node] + 1 : forest.left[node];
    double cover = forest.cover[node];
    double hotZero = forest.cover[hot] / cover;
    double coldZero = forest.cover[cold] / cover;
    double incomingZero = 1;
    double incomingOne = 1;

    // A feature split on again above: undo its earlier extension and redo it here.
    int pathIndex = 0;
    while (pathIndex <= depth && pathFeature[start + pathIndex] != split) {
      pathIndex++;
    }
    if (pathIndex <= depth) {
      incomingZero = pathZero[start + pathIndex];
      incomingOne = pathOne[start + pathIndex];
      unwind(start, depth, pathIndex);
      depth--;
    }

    recurse(hot, depth + 1, start, hotZero * incomingZero, incomingOne, split);
    recurse(cold, depth + 1, start, coldZero * incomingZero, 0, split);
  }

  private void extend(int s, int depth, double zero, double one, int feature) {
    pathFeature[s + depth] = feature;
    pathZero[s + depth] = zero;
    pathOne[s + depth] = one;
    pathWeight[s + depth] = depth == 0 ? 1 : 0;
    for (int i = depth - 1; i >= 0; i--) {
      pathWeight[s + i + 1] += one * pathWeight[s + i] * (i + 1) / (depth + 1);
      pathWeight[s + i] = zero * pathWeight[s + i] * (depth - i) / (depth + 1);
    }
  }

  private void unwind(int s, int depth, int pathIndex) {
    double one = pathOne[s + pathIndex];
    double zero = pathZero[s + pathIndex];
    double next = pathWeight[s + depth];
    for (int i = depth - 1; i >= 0; i--) {
      if (one != 0) {
        double tmp = pathWeight[s + i];
        pathWeight[s + i] = next * (depth + 1) / ((i + 1) * one);
        next = tmp - pathWeight[s + i] * zero * (depth - i) / (depth + 1);
      } else {
        pathWeight[s + i] = pathWeight[s + i] * (depth + 1) / (zero * (depth - i));
      }
    }
    for (int i = pathIndex; i < depth; i++) {
      pathFeature[s + i] = pathFeature[s + i + 1];
      pathZero[s + i] = pathZero[s + i + 1];
      pathOne[s + i] = pathOne[s + i + 1];
    }
  }

  private double unwoundSum(int s, int depth, int pathIndex) {
    double one = pathOne[s + pathIndex];
    double zero = pathZero[s + pathIndex];
    double next = pathWeight[s + depth];
    double total = 0;
    for (int i = depth - 1; i >= 0; i--) {
      if (one != 0) {
        double tmp = next * (depth + 1) / ((i + 1) * one);
        total += tmp;
        next = pathWeight[s + i] - tmp * zero * (depth - i) / (depth + 1);
      } else if (zero != 0) {
        total += pathWeight[s + i] / zero / ((depth - i) / (double) (depth + 1));
      }
    }
    return total;
  }
}
