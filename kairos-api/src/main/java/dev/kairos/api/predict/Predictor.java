package dev.kairos.api.predict;

import java.util.Map;

/**
 * Online scoring the feature server calls without knowing how models are trained or stored: fetch
 * the features a model version was trained on, in the order it was trained on, score them and
 * explain the score.
 *
 * <p>Implementations follow model promotions by themselves and never serve a half-loaded model: a
 * version is swapped in only once it is completely loaded, and a version that fails to load keeps
 * the previous one serving (see {@link #problems()}).
 */
public interface Predictor {
  /**
   * Scores a batch of transactions: one prediction per entity row, in request order.
   *
   * @throws dev.kairos.api.KairosException NOT_FOUND when no version of the model carries the
   *     alias; USER when the request is malformed (missing join key or request field, rows of
   *     different lengths, too many rows); UNAVAILABLE when the online store cannot be reached
   */
  PredictResult predict(PredictQuery query);

  /**
   * Why a model version that should serve does not, by {@code model@alias}: empty when every
   * aliased version is loaded. Reported on {@code /readyz}; the previous version keeps serving.
   */
  Map<String, String> problems();

  /** The models and aliases being served, {@code model@alias} to version, for {@code /readyz}. */
  Map<String, Long> serving();
}
