package dev.kairos.core.online;

import dev.kairos.api.KairosException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes batches to the online store on its own thread while the caller keeps reading the offline
 * store, so reading and writing overlap. At most {@code depth} batches wait; a full queue makes
 * {@link #submit} wait. A write failure stops the pipeline: the next {@link #submit} or {@link
 * #finish} throws it. Batches are written in submission order.
 *
 * @param <T> what a batch holds: rows to write, or events to merge into states and write
 */
final class WritePipeline<T> implements AutoCloseable {
  /** Writes one batch to the store. */
  interface Writer<T> {
    /** Returns the number of rows written. */
    int write(List<T> batch);
  }

  // Its own instance, compared by identity: List.of() is shared and a caller may submit it.
  private final List<T> end = new ArrayList<>(0);

  private final String view;
  private final Writer<T> write;
  private final ProgressListener listener;
  private final BlockingQueue<List<T>> queue;
  private final Thread writer;
  private volatile RuntimeException failure;
  private long rows;

  /**
   * @param view the name of the view written, for progress and thread names
   */
  WritePipeline(String view, Writer<T> write, ProgressListener listener, int depth) {
    this.view = view;
    this.write = write;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.writer = new Thread(this::writeAll, "kairos-materialize-" + view);
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a batch; throws the writer's failure if it had one. */
  void submit(List<T> batch) {
    rethrow();
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
  }

  /**
   * Waits until every submitted batch is written.
   *
   * @return the number of rows written
   */
  long finish() {
    submit(end);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
    rethrow();
    return rows;
  }

  private void writeAll() {
    try {
      for (List<T> batch = queue.take(); batch != end; batch = queue.take()) {
        if (failure == null) {
          int n = write.write(batch);
          rows += n;
          listener.rowsWritten(view, n);
        }
      }
    } catch (InterruptedException e) {
      // close() stops a pipeline whose reader failed; nothing waits for the remaining batches.
    } catch (RuntimeException e) {
      failure = e;
      // Keep taking so a reader waiting on a full queue wakes up and sees the failure; END may
      // already be queued, so never discard without looking.
      drainUntilEnd();
    }
  }

  private void drainUntilEnd() {
    try {
      while (queue.take() != end) {
        // Discard: the failure is reported to the reader.
      }
    } catch (InterruptedException e) {
      // close() interrupts a pipeline whose reader stopped.
    }
  }

  private void rethrow() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  private KairosException interrupted(InterruptedException e) {
    return KairosException.internal("materialization of view '" + view + "' was interrupted", e);
  }

  /** Stops the writer without waiting for queued batches (after a reader failure). */
  @Override
  public void close() {
    if (writer.isAlive()) {
      writer.interrupt();
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
