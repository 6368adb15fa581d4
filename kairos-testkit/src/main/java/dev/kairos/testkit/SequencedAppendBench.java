package dev.kairos.testkit;

import dev.kairos.api.Source;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.StreamedSeq;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Throughput of {@link OfflineStore#appendSequenced} in batches of 1,000 rows from four interleaved
 * Kafka partitions, into a table that already holds 1M rows: first 1M rows of ordinary {@link
 * OfflineStore#append}, then 1M streamed rows; and of a batch replayed whole. A store module runs
 * it from a test that the ordinary suite leaves out; it prints one line per measurement.
 */
public final class SequencedAppendBench {
  private static final int PARTITIONS = 4;
  private static final int BATCH = 1_000;
  private static final int MEASURED_BATCHES = 200;

  private final OfflineStore store;
  private final Consumer<String> out;
  private final long[] nextOffset = new long[PARTITIONS];
  private long n;

  public SequencedAppendBench(OfflineStore store, Consumer<String> out) {
    this.store = store;
    this.out = out;
  }

  public void run(String table) {
    Source s = PitFixtures.source(table, PitFixtures.USER_ID, true);
    store.ensureTable(s);
    long t0 = System.nanoTime();
    store.append(s, rows(s, 1_000_000));
    report("ordinary append, 1M rows in one call", 1_000_000, t0);

    measure(s, "appendSequenced 1,000-row batches, table of 1M batch rows");
    long t1 = System.nanoTime();
    int filled = 0;
    while (filled < 1_000_000) {
      store.appendSequenced(s, batchRows(s, 5_000), seqs(5_000));
      filled += 5_000;
    }
    report("appendSequenced 5,000-row batches filling 1M streamed rows", filled, t1);
    measure(s, "appendSequenced 1,000-row batches, table of 1M batch + 1.2M streamed rows");

    List<Object[]> replay = batchRows(s, BATCH);
    long[] replaySeqs = seqs(BATCH);
    store.appendSequenced(s, replay, replaySeqs);
    long t2 = System.nanoTime();
    for (int i = 0; i < MEASURED_BATCHES; i++) {
      if (store.appendSequenced(s, replay, replaySeqs) != 0) {
        throw new IllegalStateException("a replayed batch wrote rows");
      }
    }
    report("appendSequenced replaying a written 1,000-row batch", MEASURED_BATCHES * BATCH, t2);
    long t3 = System.nanoTime();
    store.append(s, rows(s, 100_000));
    report("ordinary append after the streamed rows, 100k rows", 100_000, t3);
  }

  private void measure(Source s, String what) {
    for (int i = 0; i < 20; i++) { // warm-up
      store.appendSequenced(s, batchRows(s, BATCH), seqs(BATCH));
    }
    List<List<Object[]>> batches = new ArrayList<>();
    List<long[]> seqs = new ArrayList<>();
    for (int i = 0; i < MEASURED_BATCHES; i++) {
      batches.add(batchRows(s, BATCH));
      seqs.add(seqs(BATCH));
    }
    long t = System.nanoTime();
    for (int i = 0; i < MEASURED_BATCHES; i++) {
      store.appendSequenced(s, batches.get(i), seqs.get(i));
    }
    report(what, MEASURED_BATCHES * BATCH, t);
  }

  private void report(String what, long rows, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.accept(
        String.format(Locale.ROOT, "%-75s %,12.0f rows/s (%.2f s)", what, rows / seconds, seconds));
  }

  /** Sequences of the next rows: round-robin over the partitions, as a consumer polls them. */
  private long[] seqs(int count) {
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      int p = i % PARTITIONS;
      out[i] = StreamedSeq.of(p, nextOffset[p]++);
    }
    return out;
  }

  private List<Object[]> batchRows(Source s, int count) {
    List<Object[]> out = new ArrayList<>(count);
    rows(s, count).forEachRemaining(out::add);
    return out;
  }

  private Iterator<Object[]> rows(Source s, int count) {
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < count;
      }

      @Override
      public Object[] next() {
        i++;
        long k = n++;
        return PitFixtures.row(
            s, k % 50_000, PitFixtures.at(k / 10), PitFixtures.at(k / 10), k * 0.5, k);
      }
    };
  }
}
