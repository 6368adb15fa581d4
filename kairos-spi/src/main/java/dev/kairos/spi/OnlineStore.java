package dev.kairos.spi;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A key-value store holding, per view and entity, the latest materialized row. Batch-first: every
 * call takes many keys. Keys are namespaced by the project given in {@link StoreContext}.
 *
 * <p>Correctness never depends on store-side expiry: staleness is judged at read time from the
 * row's event timestamp.
 */
public interface OnlineStore extends AutoCloseable {

  /**
   * Writes rows, each atomically compared with the stored one: a stored row that is newer (see
   * {@link OnlineRow#isNewerThan}) is kept. Re-writing the same rows is harmless.
   */
  void multiPut(FeatureView view, List<OnlineRow> rows);

  /**
   * Reads rows for many keys at once.
   *
   * @return one element per key, in key order; {@code null} where nothing is stored
   */
  List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys);

  /** Removes everything stored for the view in this project. */
  void deleteView(FeatureView view);

  /** How a store's reads behave, so that a server can choose the thread to read on. */
  enum ReadStyle {
    /**
     * Answers from local memory and disk (an embedded store): read on the thread that received the
     * request, saving two thread hand-offs.
     */
    LOCAL,
    /**
     * Waits on a network, and {@link #multiGetAsync} returns at once and completes when the network
     * answers: no thread waits for the store.
     */
    ASYNC,
    /** Waits on a network with no asynchronous read: read on a pool made for blocking calls. */
    BLOCKING
  }

  /** How this store's reads behave; {@link ReadStyle#BLOCKING} unless the store says otherwise. */
  default ReadStyle readStyle() {
    return ReadStyle.BLOCKING;
  }

  /**
   * {@link #multiGet} without waiting: a store whose {@link #readStyle} is {@link ReadStyle#ASYNC}
   * returns at once and completes the future when the network answers, failed with a classified
   * {@code KairosException} (UNAVAILABLE when the store is unreachable or does not answer within
   * its timeout). The default reads on the calling thread.
   */
  default CompletableFuture<List<OnlineRow>> multiGetAsync(FeatureView view, List<EntityKey> keys) {
    try {
      return CompletableFuture.completedFuture(multiGet(view, keys));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The online views the registry defines now, told by a long-running process (the feature server)
   * whenever it loads a registry version, so that store-side housekeeping such as TTL expiry covers
   * every view and not only those read or written since the store opened. The default does nothing.
   */
  default void viewsDefined(List<FeatureView> views) {}

  /**
   * Offers the store a server's I/O threads (for Kairos' server, a Netty {@code EventLoopGroup}).
   * An asynchronous store may do its network I/O on them, so that a read started on one of those
   * threads completes on the same thread, with no hand-off between threads. The store stops using
   * them when the returned handle is closed, which the server does before it stops the threads. The
   * default ignores the offer.
   */
  default AutoCloseable useIoThreads(ScheduledExecutorService ioThreads) {
    return () -> {};
  }

  /** Checks the store can be reached; throws an UNAVAILABLE KairosException when not. */
  default void checkAvailable() {}

  @Override
  void close();
}
