package dev.kairos.ml.train;

import dev.kairos.api.KairosException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One XGBoost training with early stopping on the validation rows. Missing values are NaN, the same
 * way {@link dev.kairos.ml.features.InputSpec} encodes nulls for serving. Early stopping keeps
 * every tree it built; the model is used with its first {@code bestIteration + 1} trees.
 *
 * @param modelJson the model in XGBoost's JSON format (every tree)
 * @param treeLimit the trees to predict with
 * @param gain the average gain of each feature's splits, by feature name (features never split on
 *     are absent)
 * @param took the time XGBoost spent training
 */
public record XgbFit(byte[] modelJson, int treeLimit, Map<String, Double> gain, Duration took) {

  /** Rows of one split, row-major with {@code features} columns. */
  public record Matrix(float[] x, float[] labels, int features) {
    public int rows() {
      return labels.length;
    }

    DMatrix dmatrix() throws XGBoostError {
      DMatrix d = new DMatrix(x, rows(), features, Float.NaN);
      d.setLabel(labels);
      return d;
    }
  }

  /**
   * Trains on {@code train}, stopping early on {@code validation}.
   *
   * @param names the feature names, in column order
   */
  public static XgbFit fit(
      Matrix train, Matrix validation, List<String> names, Map<String, String> params) {
    int rounds = XgbParams.positiveInt(null, params, "num_boost_round");
    int patience = XgbParams.positiveInt(null, params, "early_stopping_rounds");
    DMatrix dtrain = null;
    DMatrix dvalid = null;
    Booster booster = null;
    try {
      dtrain = train.dmatrix();
      dvalid = validation.dmatrix();
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      watches.put("validation", dvalid);
      long start = System.nanoTime();
      booster =
          XGBoost.train(
              dtrain,
              XgbParams.booster(params),
              rounds,
              watches,
              new float[1][rounds],
              null,
              null,
              patience);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String best = booster.getAttr("best_iteration");
      int treeLimit = best == null ? rounds : Integer.parseInt(best) + 1;
      Map<String, Double> gain = booster.getScore(names.toArray(String[]::new), "gain");
      return new XgbFit(booster.toByteArray("json"), treeLimit, gain, took);
    } catch (XGBoostError e) {
      throw KairosException.user(
          "XGBoost refused to train: " + e.getMessage() + " (check --params)");
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (dtrain != null) {
        dtrain.dispose();
      }
      if (dvalid != null) {
        dvalid.dispose();
      }
    }
  }

  /** Probabilities of a matrix's rows with the fitted model's first {@link #treeLimit} trees. */
  public double[] predict(Matrix m) {
    Booster b = null;
    DMatrix d = null;
    try {
      b = XGBoost.loadModel(modelJson);
      d = new DMatrix(m.x(), m.rows(), m.features(), Float.NaN);
      float[][] p = b.predict(d, false, treeLimit);
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } catch (XGBoostError | java.io.IOException e) {
      throw KairosException.internal("scoring with the trained model failed: " + e.getMessage(), e);
    } finally {
      if (b != null) {
        b.dispose();
      }
      if (d != null) {
        d.dispose();
      }
    }
  }
}
