package dev.kairos.cli.commands;

import dev.kairos.cli.Progress;
import dev.kairos.core.online.ProgressListener;
import java.io.PrintStream;
import java.time.Instant;

/** Draws one progress bar per view while materializing. */
final class MaterializeProgress implements ProgressListener, AutoCloseable {
  private final PrintStream out;
  private Progress current;

  MaterializeProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void viewStarted(String view, Instant start, Instant end) {
    close();
    current = new Progress(out, view, 0);
  }

  @Override
  public void rowsWritten(String view, long rows) {
    if (current != null) {
      current.add(rows);
    }
  }

  @Override
  public void viewFinished(String view, long rows) {
    if (current != null) {
      current.update(rows);
    }
    close();
  }

  @Override
  public void viewSkipped(String view, String reason) {
    out.println("  " + view + ": skipped (" + reason + ")");
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
