package dev.kairos.ml.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A model trained by native XGBoost on generated data, its JSON, and rows to score with it: fresh
 * rows with missing values, and rows holding exactly (or one float below) the split conditions the
 * model learned.
 */
final class TrainedModel implements AutoCloseable {
  final Setup setup;
  final Booster booster;
  final byte[] json;
  final float[][] rows;

  /**
   * How a model is trained.
   *
   * @param depth max_depth
   * @param features number of features; every third one takes only the integers 0..4, so that rows
   *     fall exactly on split conditions
   * @param missing the fraction of NaN values, in training and scored rows
   * @param positives the fraction of rows labelled 1
   * @param rounds boosting rounds
   * @param treeMethod hist, approx or exact
   * @param baseScore an explicit base_score, or null to let XGBoost estimate it
   * @param earlyStopping early stopping rounds on a held-out set, or 0 for none
   */
  record Setup(
      int depth,
      int features,
      double missing,
      double positives,
      int rounds,
      String treeMethod,
      Float baseScore,
      int earlyStopping) {
    @Override
    public String toString() {
      return "depth=%d features=%d missing=%.2f positives=%.2f rounds=%d %s baseScore=%s early=%d"
          .formatted(
              depth, features, missing, positives, rounds, treeMethod, baseScore, earlyStopping);
    }
  }

  private TrainedModel(Setup setup, Booster booster, byte[] json, float[][] rows) {
    this.setup = setup;
    this.booster = booster;
    this.json = json;
    this.rows = rows;
  }

  static TrainedModel train(Setup s, long seed) throws XGBoostError, IOException {
    Random random = new Random(seed);
    int n = 400;
    float[][] x = rows(s, n, random);
    float[] y = labels(x, s.positives(), random);
    DMatrix train = matrix(Arrays.copyOf(x, 300));
    train.setLabel(Arrays.copyOf(y, 300));
    DMatrix eval = matrix(Arrays.copyOfRange(x, 300, n));
    eval.setLabel(Arrays.copyOfRange(y, 300, n));
    try {
      Map<String, Object> params = new HashMap<>();
      params.put("objective", "binary:logistic");
      params.put("nthread", 1);
      params.put("seed", seed);
      params.put("verbosity", 0);
      params.put("max_depth", s.depth());
      params.put("eta", 0.3);
      params.put("min_child_weight", 0.1);
      params.put("tree_method", s.treeMethod());
      if (s.baseScore() != null) {
        params.put("base_score", s.baseScore());
      }
      Map<String, DMatrix> watches = s.earlyStopping() > 0 ? Map.of("eval", eval) : Map.of();
      Booster booster =
          XGBoost.train(train, params, s.rounds(), watches, null, null, null, s.earlyStopping());
      byte[] json = booster.toByteArray("json");
      List<float[]> scored = new ArrayList<>(Arrays.asList(rows(s, 300, random)));
      scored.addAll(onThresholds(json, s.features(), random));
      float[] allMissing = new float[s.features()];
      Arrays.fill(allMissing, Float.NaN);
      scored.add(allMissing);
      return new TrainedModel(s, booster, json, scored.toArray(float[][]::new));
    } finally {
      train.dispose();
      eval.dispose();
    }
  }

  /** Native margins (or probabilities) of {@link #rows} using the first {@code treeLimit} trees. */
  float[] predict(boolean margin, int treeLimit) throws XGBoostError {
    DMatrix d = matrix(rows);
    try {
      float[][] p = booster.predict(d, margin, treeLimit);
      float[] out = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } finally {
      d.dispose();
    }
  }

  /** Native SHAP values of {@link #rows}: one row of features + 1 (bias last) per row. */
  float[][] predictContrib(int treeLimit) throws XGBoostError {
    DMatrix d = matrix(rows);
    try {
      return booster.predictContrib(d, treeLimit);
    } finally {
      d.dispose();
    }
  }

  int treesInModel() throws XGBoostError {
    return booster.getNumBoostedRound();
  }

  @Override
  public void close() {
    booster.dispose();
  }

  static DMatrix matrix(float[][] rows) throws XGBoostError {
    int f = rows[0].length;
    float[] flat = new float[rows.length * f];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * f, f);
    }
    return new DMatrix(flat, rows.length, f, Float.NaN);
  }

  private static float[][] rows(Setup s, int n, Random random) {
    float[][] x = new float[n][s.features()];
    for (float[] row : x) {
      for (int j = 0; j < row.length; j++) {
        if (random.nextDouble() < s.missing()) {
          row[j] = Float.NaN;
        } else if (j % 3 == 2) {
          row[j] = random.nextInt(5);
        } else {
          row[j] = (float) random.nextGaussian();
        }
      }
    }
    return x;
  }

  /** A noisy rule on the first features; a missing x0 raises the odds. */
  private static float[] labels(float[][] x, double positives, Random random) {
    double[] score = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      float[] r = x[i];
      score[i] =
          (Float.isNaN(r[0]) ? 1.5 : r[0])
              + value(r[1]) * value(r[3])
              - (value(r[2]) >= 3 ? 1 : 0)
              + 0.5 * value(r[4])
              + random.nextGaussian();
    }
    double[] sorted = score.clone();
    Arrays.sort(sorted);
    double cut = sorted[(int) Math.floor((1 - positives) * x.length)];
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = score[i] >= cut ? 1 : 0;
    }
    return y;
  }

  private static double value(float v) {
    return Float.isNaN(v) ? 0 : v;
  }

  /** Rows with one feature set to a split condition of the model, or to the float just below. */
  private static List<float[]> onThresholds(byte[] json, int features, Random random)
      throws IOException {
    JsonNode trees = new ObjectMapper().readTree(json).at("/learner/gradient_booster/model/trees");
    List<float[]> out = new ArrayList<>();
    for (JsonNode tree : trees) {
      JsonNode left = tree.get("left_children");
      for (int i = 0; i < left.size() && out.size() < 400; i++) {
        if (left.get(i).asInt() < 0 || random.nextInt(3) != 0) {
          continue;
        }
        int f = tree.get("split_indices").get(i).asInt();
        float condition = (float) tree.get("split_conditions").get(i).asDouble();
        float[] row = new float[features];
        for (int j = 0; j < features; j++) {
          row[j] = random.nextDouble() < 0.2 ? Float.NaN : (float) random.nextGaussian();
        }
        row[f] = condition;
        out.add(row.clone());
        row[f] = Math.nextDown(condition);
        out.add(row);
      }
    }
    return out;
  }
}
