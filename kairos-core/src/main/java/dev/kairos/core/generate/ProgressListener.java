package dev.kairos.core.generate;

/**
 * Receives progress while rows are generated, for progress bars. Called on the generating thread.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (rowsDone, rowsExpected) -> {};

  /**
   * Called after every day and about every 65,536 rows; the last call has {@code rowsDone ==
   * rowsExpected}.
   *
   * @param rowsDone rows emitted so far
   * @param rowsExpected the estimate ({@link FraudGenerator#estimateRows()}), raised to {@code
   *     rowsDone} if that is already larger, so the ratio never exceeds 1
   */
  void onProgress(long rowsDone, long rowsExpected);
}
