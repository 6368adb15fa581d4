package dev.kairos.core.online;

import java.time.Instant;

/** Receives materialization progress, e.g. to draw a progress bar. Calls come from one thread. */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /** A view's rows with {@code start <= event_ts <= end} are about to be written. */
  default void viewStarted(String view, Instant start, Instant end) {}

  /** A batch of {@code rows} rows of the view was written to the online store. */
  default void rowsWritten(String view, long rows) {}

  /** The view is done and its watermark stored. */
  default void viewFinished(String view, long rows) {}

  /** A requested view was not materialized, for the given reason. */
  default void viewSkipped(String view, String reason) {}
}
