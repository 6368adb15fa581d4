package dev.kairos.core.online;

import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes batches to the online store on its own thread while the caller keeps reading the offline
 * store, so reading and writing overlap. At most {@code depth} batches wait; a full queue makes
 * {@link #submit} wait. A write failure stops the pipeline: the next {@link #submit} or {@link
 * #finish} throws it. Batches are written in submission order.
 */
final class WritePipeline implements AutoCloseable {
  private static final List<OnlineRow> END = List.of();

  private final OnlineStore online;
  private final FeatureView view;
  private final ProgressListener listener;
  private final BlockingQueue<List<OnlineRow>> queue;
  private final Thread writer;
  private volatile RuntimeException failure;
  private long rows;

  WritePipeline(OnlineStore online, FeatureView view, ProgressListener listener, int depth) {
    this.online = online;
    this.view = view;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.writer = new Thread(this::writeAll, "kairos-materialize-" + view.name());
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues a batch; throws the writer's failure if it had one. */
  void submit(List<OnlineRow> batch) {
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
    submit(END);
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
      for (List<OnlineRow> batch = queue.take(); batch != END; batch = queue.take()) {
        if (failure == null) {
          online.multiPut(view, batch);
          rows += batch.size();
          listener.rowsWritten(view.name(), batch.size());
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
      while (queue.take() != END) {
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
    return KairosException.internal(
        "materialization of view '" + view.name() + "' was interrupted", e);
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
