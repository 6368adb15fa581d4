package dev.kairos.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A terminal progress bar with a rows/s rate. On a terminal it redraws one line in place; when the
 * output is redirected it prints a line every few seconds instead, so logs stay readable.
 */
public final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private long total;
  private final boolean tty;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private long done;

  public Progress(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.tty = System.console() != null;
    this.lastDraw = tty ? 0 : startNanos;
  }

  /** Sets the amount done so far; redraws at most ten times a second. */
  public synchronized void update(long nowDone) {
    this.done = nowDone;
    long now = System.nanoTime();
    long interval = tty ? 100_000_000L : 5_000_000_000L;
    if (now - lastDraw >= interval) {
      lastDraw = now;
      draw(false);
    }
  }

  public synchronized void add(long delta) {
    update(done + delta);
  }

  /** Elapsed seconds since the bar was created. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public long done() {
    return done;
  }

  private void draw(boolean last) {
    double secs = Math.max(seconds(), 1e-9);
    String rate = humanRate(done / secs);
    StringBuilder line = new StringBuilder();
    line.append("  ").append(label).append(' ');
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, WIDTH * done / total);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
    }
    line.append(String.format(Locale.ROOT, "%,d rows  %s rows/s  %.1fs", done, rate, secs));
    if (tty) {
      out.print("\r" + line + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  static String humanRate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  @Override
  public synchronized void close() {
    if (total > 0 && done > 0) {
      total = done; // estimates are estimates: a finished bar reads 100%
    }
    if (tty || done > 0) {
      draw(true);
    }
  }
}
