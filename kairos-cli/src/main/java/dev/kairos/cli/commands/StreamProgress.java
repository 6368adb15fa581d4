package dev.kairos.cli.commands;

import dev.kairos.stream.DeadLetterReason;
import dev.kairos.stream.StreamMetrics;
import java.util.concurrent.TimeUnit;

/** One line of a stream's counters and freshness, for people watching it. */
final class StreamProgress {
  private StreamProgress() {}

  static String line(StreamMetrics m) {
    long dead = 0;
    for (DeadLetterReason r : DeadLetterReason.values()) {
      dead += (long) m.deadLetteredCount(r);
    }
    var snapshot = m.freshness().takeSnapshot();
    double p50 = 0;
    double p99 = 0;
    for (var v : snapshot.percentileValues()) {
      if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.MILLISECONDS);
      } else if (v.percentile() == 0.99) {
        p99 = v.value(TimeUnit.MILLISECONDS);
      }
    }
    return String.format(
        "%d applied, %d late, %d dead-lettered; freshness (event time to servable, last minute)"
            + " p50 %.0f ms, p99 %.0f ms",
        (long) m.appliedCount(), (long) m.lateCount(), dead, p50, p99);
  }
}
