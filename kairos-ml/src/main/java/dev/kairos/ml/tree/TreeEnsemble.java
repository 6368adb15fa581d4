package dev.kairos.ml.tree;

import java.util.List;
import java.util.OptionalInt;

/**
 * A saved XGBoost {@code binary:logistic} model, scored and explained in plain Java: the trees are
 * read once from the model's JSON into flat arrays and walked without native calls. For a hundred
 * trees of depth 6 a margin takes a few microseconds (a native predict call alone costs tens) and a
 * row's contributions about 60% of the time of the native {@code predictContrib}.
 *
 * <h2>Semantics</h2>
 *
 * These are XGBoost's own, so that scores equal what {@code Booster.predict} returns for the same
 * row and tree limit:
 *
 * <ul>
 *   <li><b>Rows.</b> A row holds one {@code float} per feature, in the model's feature order
 *       ({@link #featureNames()} when the model was trained with names); its length must be {@link
 *       #numFeatures()}.
 *   <li><b>Splits.</b> A row goes left at a node when {@code row[feature] < condition}, compared as
 *       {@code float}s; a value equal to the condition goes right. XGBoost refuses infinite inputs;
 *       here they compare as any float ({@code +Infinity} goes right, {@code -Infinity} left).
 *   <li><b>Missing values.</b> {@code NaN} is missing: it follows the branch the node learned for
 *       missing values ({@code default_left}). No other value is treated as missing.
 *   <li><b>Margin.</b> {@link #margin} is the base margin ({@code logit(base_score)}) plus the leaf
 *       value of every tree used, accumulated in {@code float} in boosting order as XGBoost does:
 *       it equals the native margin to float rounding (bit for bit on the models of the tests).
 *   <li><b>Contributions.</b> {@link #contributions} are exact TreeSHAP values in margin (log-odds)
 *       units, computed in {@code double}, as XGBoost's {@code predictContrib} (with {@code
 *       approx_contribs=false}) but without its {@code float} rounding. The last entry is the bias:
 *       the base margin plus each tree's expected value over its training cover. The entries sum to
 *       the margin up to float rounding (a few 1e-6).
 *   <li><b>Tree limit.</b> Only the first {@link #numTrees()} trees are used. Early stopping keeps
 *       every tree it grew; {@link #atBestIteration()} limits the model to the best iteration's.
 * </ul>
 *
 * <p>Models with categorical splits, several targets, parallel trees (random forests) or the dart
 * booster are rejected when read. Instances are immutable and thread-safe; explaining a row
 * allocates its scratch space once per call.
 */
public final class TreeEnsemble {
  private final Forest forest;
  private final int numTrees;
  private final int numFeatures;
  private final float baseMargin;
  private final double bias;
  private final OptionalInt bestIteration;
  private final List<String> featureNames;

  TreeEnsemble(
      Forest forest,
      int numTrees,
      int numFeatures,
      float baseMargin,
      OptionalInt bestIteration,
      List<String> featureNames) {
    this.forest = forest;
    this.numTrees = numTrees;
    this.numFeatures = numFeatures;
    this.baseMargin = baseMargin;
    this.bestIteration = bestIteration;
    this.featureNames = List.copyOf(featureNames);
    double b = baseMargin;
    for (int t = 0; t < numTrees; t++) {
      b += forest.expected[t];
    }
    this.bias = b;
  }

  /**
   * Reads a model from the JSON that {@code booster.toByteArray("json")} or {@code
   * booster.saveModel("model.json")} writes, using every tree.
   *
   * @throws dev.kairos.api.KairosException of kind USER when the bytes are not such a model (for
   *     example the binary UBJSON format), the objective is not {@code binary:logistic}, or the
   *     model uses something this class does not score (categorical splits, several targets, dart)
   */
  public static TreeEnsemble parse(byte[] modelJson) {
    return ModelReader.read(modelJson);
  }

  /**
   * Reads a model as {@link #parse(byte[])} and keeps its first {@code treeLimit} trees.
   *
   * @throws IllegalArgumentException when {@code treeLimit} is not in {@code [1, trees in model]}
   */
  public static TreeEnsemble parse(byte[] modelJson, int treeLimit) {
    return parse(modelJson).limit(treeLimit);
  }

  /**
   * This model using only its first {@code treeLimit} trees (the trees of all the model's
   * iterations stay available: a limit can be raised again).
   *
   * @throws IllegalArgumentException when {@code treeLimit} is not in {@code [1, trees in model]}
   */
  public TreeEnsemble limit(int treeLimit) {
    if (treeLimit < 1 || treeLimit > forest.size()) {
      throw new IllegalArgumentException(
          "treeLimit must be between 1 and the model's "
              + forest.size()
              + " trees, was "
              + treeLimit);
    }
    if (treeLimit == numTrees) {
      return this;
    }
    return new TreeEnsemble(
        forest, treeLimit, numFeatures, baseMargin, bestIteration, featureNames);
  }

  /**
   * This model limited to {@code bestIteration() + 1} trees, as Kairos predicts after early
   * stopping; this model itself when it records no best iteration.
   */
  public TreeEnsemble atBestIteration() {
    return bestIteration.isPresent() ? limit(bestIteration.getAsInt() + 1) : limit(forest.size());
  }

  /** The zero-based iteration early stopping found best ({@code best_iteration}), if recorded. */
  public OptionalInt bestIteration() {
    return bestIteration;
  }

  /** The length every row must have. */
  public int numFeatures() {
    return numFeatures;
  }

  /** The number of trees used to score: the tree limit, or every tree of the model. */
  public int numTrees() {
    return numTrees;
  }

  /** The names the model was trained with, in feature order; empty when it was trained without. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The margin every score starts from: {@code logit(base_score)}. */
  public double baseMargin() {
    return baseMargin;
  }

  /**
   * The expected margin over the training data (SHAP's base value): the base margin plus each
   * tree's cover-weighted mean leaf value. It is the last entry of {@link #contributions}.
   */
  public double bias() {
    return bias;
  }

  /**
   * The raw score (log-odds) of one row.
   *
   * @throws IllegalArgumentException when the row's length is not {@link #numFeatures()}
   */
  public double margin(float[] row) {
    checkRow(row);
    Forest f = forest;
    float sum = baseMargin;
    for (int t = 0; t < numTrees; t++) {
      sum += f.leafValue(t, row);
    }
    return sum;
  }

  /**
   * The probability of the positive class: {@code 1 / (1 + exp(-margin(row)))}.
   *
   * @throws IllegalArgumentException when the row's length is not {@link #numFeatures()}
   */
  public double probability(float[] row) {
    return 1 / (1 + Math.exp(-margin(row)));
  }

  /**
   * Each feature's SHAP value for one row, in margin units, followed by the {@link #bias()}: an
   * array of {@code numFeatures() + 1} entries summing to the margin. A feature no tree used splits
   * on gets exactly 0.
   *
   * @throws IllegalArgumentException when the row's length is not {@link #numFeatures()}
   */
  public double[] contributions(float[] row) {
    checkRow(row);
    double[] phi = new double[numFeatures + 1];
    TreeShap shap = new TreeShap(forest, row, phi);
    for (int t = 0; t < numTrees; t++) {
      shap.addTree(t);
    }
    phi[numFeatures] = bias;
    return phi;
  }

  /** The trees, for tests in this package. */
  Forest forest() {
    return forest;
  }

  private void checkRow(float[] row) {
    if (row.length != numFeatures) {
      throw new IllegalArgumentException(
          "a row of this model has " + numFeatures + " features, was " + row.length);
    }
  }

  @Override
  public String toString() {
    return "TreeEnsemble[trees="
        + numTrees
        + " of "
        + forest.size()
        + ", features="
        + numFeatures
        + ", baseMargin="
        + baseMargin
        + "]";
  }
}
