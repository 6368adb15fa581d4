package dev.kairos.store.postgres;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads several result streams at once, each on a thread of its own, and hands their rows back one
 * stream at a time: the caller asks for the next row of stream {@code i}. Each stream runs ahead by
 * at most a few batches, so memory stays bounded while every database session keeps working.
 *
 * <p>The first failure of any stream is rethrown to the caller; {@link #close()} stops the threads
 * (a stream blocked in the database is stopped by the {@code cancel} hook it registered).
 */
final class ShardReader implements AutoCloseable {
  /** One stream: pushes its rows, in order, into the sink until it has no more. */
  interface Stream {
    void run(Consumer<Object[]> sink) throws SQLException;
  }

  private static final int BATCH = 1024;
  private static final int AHEAD = 8; // batches a stream may run ahead of the caller
  private static final Object[][] END = new Object[0][];

  private final List<BlockingQueue<Object[][]>> queues = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Runnable> cancels = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object[][][] current;
  private final int[] position;
  private final String name;
  private volatile boolean closed;

  /** A reader of {@code streams} streams, to be started with {@link #start}. */
  ShardReader(String name, int streams) {
    this.name = name;
    this.current = new Object[streams][][];
    this.position = new int[streams];
  }

  /** Starts reading a stream on a thread of its own; streams are numbered from 0 as started. */
  void start(Stream stream) {
    if (queues.size() == current.length) {
      throw new IllegalStateException("all " + current.length + " streams are started");
    }
    BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(AHEAD);
    Thread t = new Thread(() -> pump(stream, queue), name + "-" + queues.size());
    t.setDaemon(true);
    queues.add(queue);
    threads.add(t);
    t.start();
  }

  /** Registers what stops a stream that waits in the database (e.g. {@code Statement::cancel}). */
  synchronized void onClose(Runnable cancel) {
    cancels.add(cancel);
  }

  private void pump(Stream stream, BlockingQueue<Object[][]> queue) {
    var batch =
        new Object() {
          Object[][] rows = new Object[BATCH][];
          int size;
        };
    try {
      stream.run(
          row -> {
            batch.rows[batch.size++] = row;
            if (batch.size == BATCH) {
              put(queue, batch.rows);
              batch.rows = new Object[BATCH][];
              batch.size = 0;
            }
          });
      if (batch.size > 0) {
        Object[][] last = new Object[batch.size][];
        System.arraycopy(batch.rows, 0, last, 0, batch.size);
        put(queue, last);
      }
    } catch (Throwable e) { // handed to the caller, who rethrows it
      if (!closed) {
        failure.compareAndSet(null, e);
      }
    } finally {
      try {
        put(queue, END);
      } catch (Stopped ignored) { // the caller is gone
      }
    }
  }

  /** Thrown inside a stream once the reader was closed, to unwind it. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopped", null, false, false);
    }
  }

  private void put(BlockingQueue<Object[][]> queue, Object[][] batch) {
    try {
      while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  /**
   * The next row of stream {@code i}.
   *
   * @throws SQLException the first failure of any stream, or when stream {@code i} has no more rows
   */
  Object[] next(int i) throws SQLException {
    Object[][] rows = current[i];
    if (rows == null || position[i] == rows.length) {
      rows = take(i);
      current[i] = rows;
      position[i] = 0;
    }
    return rows[position[i]++];
  }

  private Object[][] take(int i) throws SQLException {
    Object[][] rows;
    try {
      rows = queues.get(i).take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while reading the point-in-time join", e);
    }
    if (rows == END) {
      queues.get(i).offer(END); // later calls see the end again
      Throwable e = failure.get();
      if (e instanceof SQLException sql) {
        throw sql;
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e != null) {
        throw new SQLException(e.toString(), e);
      }
      throw new SQLException("result stream " + i + " ended before its last row");
    }
    return rows;
  }

  @Override
  public void close() {
    closed = true;
    List<Runnable> toCancel;
    synchronized (this) {
      toCancel = List.copyOf(cancels);
    }
    try {
      if (!joinAll(200)) { // still reading: stop the queries in the database
        toCancel.forEach(Runnable::run);
        joinAll(TimeUnit.SECONDS.toMillis(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean joinAll(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    return threads.stream().noneMatch(Thread::isAlive);
  }
}
