/**
 * Evaluation of a binary classifier: metrics ({@link dev.kairos.ml.eval.Evaluation}), the choice of
 * a decision threshold ({@link dev.kairos.ml.eval.ThresholdRule}), exact curves ({@link
 * dev.kairos.ml.eval.Curves}) and their pictures ({@link dev.kairos.ml.eval.Plots}).
 *
 * <p><b>Inputs.</b> Every method takes {@code float[] labels} (each 0 or 1; 1 is the positive
 * class, fraud) and {@code double[] scores} (the model's probability of class 1, each in [0, 1]),
 * one per row, of the same length. A row is predicted positive at threshold {@code t} when {@code
 * score >= t}. Arrays of different lengths are a programming error ({@link
 * IllegalArgumentException}); no rows, a label other than 0 or 1, or a score that is NaN or outside
 * [0, 1] is bad data ({@link dev.kairos.api.KairosException} USER, naming the first bad row).
 *
 * <p><b>Degenerate cases</b> are data, not exceptions, except where a rule cannot be applied:
 *
 * <ul>
 *   <li>ROC AUC is NaN when the rows hold only one class (it counts (positive, negative) pairs and
 *       there are none); the ROC curve is then empty.
 *   <li>Average precision is NaN when there are no positives (recall has no denominator;
 *       scikit-learn returns 0 with a warning instead); the precision-recall curve is then empty.
 *       With no negatives it is 1.
 *   <li>Precision is 0 when nothing is predicted positive; recall is 0 when there are no positives;
 *       F1 is 0 when both are 0 (scikit-learn's {@code zero_division=0}).
 *   <li>Log loss is always defined: the probability given to each row's true class is clipped to
 *       [1e-15, 1 - 1e-15], so a confident mistake costs about 34.5, not infinity.
 *   <li>Every threshold rule except {@code fixed} needs at least one positive row, and {@code
 *       precision:P} fails when no threshold reaches P; both are USER errors with the counts.
 * </ul>
 */
package dev.kairos.ml.eval;
