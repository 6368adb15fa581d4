package dev.kairos.quality;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.Threads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads records on a second thread while the caller's thread evaluates them: parsing and evaluation
 * then overlap on two cores instead of adding up. Rows arrive in file order, in chunks; a read
 * error arrives after every row read before it, so the caller sees exactly what a single-threaded
 * read would have shown.
 */
final class ReadAhead {
  private static final int CHUNK = 1024;
  private static final int QUEUED = 8;

  private record Chunk(Object[][] rows, long[] lines, int size, Throwable error, boolean last) {}

  private final TabularReader reader;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED);

  private ReadAhead(TabularReader reader) {
    this.reader = reader;
  }

  /** Hands every record of {@code reader} to {@code visitor}; the reader is not closed. */
  static void scan(TabularReader reader, Batch.Visitor visitor) {
    new ReadAhead(reader).run(visitor);
  }

  private void run(Batch.Visitor visitor) {
    Thread producer = new Thread(this::produce, "kairos-read-ahead");
    producer.setDaemon(true);
    producer.start();
    try {
      while (true) {
        Chunk c = queue.take();
        for (int i = 0; i < c.size(); i++) {
          visitor.row(c.lines()[i], c.rows()[i]);
        }
        if (c.error() instanceof RuntimeException e) {
          throw e;
        }
        if (c.error() instanceof Error e) {
          throw e;
        }
        if (c.last()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KairosException(
          ErrorKind.INTERNAL, reader.file().getFileName() + ": reading was interrupted", e);
    } finally {
      producer.interrupt();
      Threads.joinUninterruptibly(producer);
    }
  }

  private void produce() {
    Object[][] rows = new Object[CHUNK][];
    long[] lines = new long[CHUNK];
    int n = 0;
    try {
      for (TabularRecord r = reader.next(); r != null; r = reader.next()) {
        rows[n] = r.values().toArray();
        lines[n++] = r.line();
        if (n == CHUNK) {
          queue.put(new Chunk(rows, lines, n, null, false));
          rows = new Object[CHUNK][];
          lines = new long[CHUNK];
          n = 0;
        }
      }
      queue.put(new Chunk(rows, lines, n, null, true));
    } catch (InterruptedException e) {
      // The consumer stopped (it failed or was interrupted); nobody waits for more rows.
    } catch (RuntimeException | Error e) {
      try {
        queue.put(new Chunk(rows, lines, n, e, true));
      } catch (InterruptedException stopped) {
        // The consumer stopped first; its own failure is the one reported.
      }
    }
  }
}
