package dev.kairos.core.offline;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.io.Threads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Writes rows on a second thread, in the order received, so that formatting and writing the output
 * file overlaps with the store producing rows. A failure of the writer is thrown from the next
 * {@link #accept} (which stops the store) or from {@link #finish}.
 */
final class WriteBehind implements Consumer<Object[]>, AutoCloseable {
  private static final int CHUNK = 1024;
  private static final Object[][] END = new Object[0][];

  private final TabularWriter writer;
  private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(8);
  private final Thread thread;
  private volatile Throwable failure;
  private Object[][] chunk = new Object[CHUNK][];
  private int size;
  private boolean finished;

  WriteBehind(TabularWriter writer) {
    this.writer = writer;
    this.thread = new Thread(this::drain, "kairos-write-behind");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void accept(Object[] row) {
    chunk[size++] = row;
    if (size == CHUNK) {
      hand(chunk);
      chunk = new Object[CHUNK][];
      size = 0;
    }
  }

  /** Waits until every row is written; throws what the writer failed with. */
  void finish() {
    Object[][] last = new Object[size][];
    System.arraycopy(chunk, 0, last, 0, size);
    hand(last);
    hand(END);
    finished = true;
    join();
    rethrow();
  }

  private void hand(Object[][] rows) {
    rethrow();
    try {
      queue.put(rows);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KairosException(ErrorKind.INTERNAL, "writing the output was interrupted", e);
    }
    rethrow();
  }

  private void rethrow() {
    Throwable t = failure;
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  private void drain() {
    try {
      while (true) {
        Object[][] rows = queue.take();
        if (rows == END) {
          return;
        }
        for (Object[] row : rows) {
          writer.write(row);
        }
      }
    } catch (InterruptedException e) {
      // Closed before finishing: the retrieval failed and the partial file is deleted.
    } catch (RuntimeException | Error e) {
      failure = e;
      queue.clear();
    }
  }

  private void join() {
    Threads.joinUninterruptibly(thread);
  }

  /** Stops the writer thread if {@link #finish} was not reached; the output is then incomplete. */
  @Override
  public void close() {
    if (!finished) {
      thread.interrupt();
      join();
    }
  }
}
