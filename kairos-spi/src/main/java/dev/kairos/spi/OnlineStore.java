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
   * Compare-and-set for many keys: writes each row only if the row stored for its key is still
   * {@code expected}, so that several processes can read, change and write back the same rows
   * without losing each other's changes (a read-modify-write that lost re-reads and tries again).
   *
   * <p><b>"Still expected"</b> means: when {@code expected.get(i)} is null, nothing is stored for
   * the key (never written, deleted by {@link #deleteView}, or expired); otherwise the stored value
   * is byte for byte the store's encoding of {@code expected.get(i)} under {@code view} (for
   * Kairos' stores, {@link dev.kairos.spi.codec.RowCodec}). Pass the row {@link #multiGet} returned
   * for the key, unchanged, with the same view definition. Two rows that encode alike are the same
   * row, so a writer that rewrites an unchanged row lets another writer's compare still succeed,
   * which is harmless because the stored value is the same. A row stored when the view had fewer
   * features decodes with nulls for the new ones and never equals its re-encoding: compare-and-set
   * on it is refused until it is replaced by {@link #multiPut}. There is no order check: a row that
   * matches is replaced even by an older one (the caller decides what to write).
   *
   * <p><b>Atomicity and order.</b> Each key's compare and write is atomic against every other write
   * to that key ({@code multiPut}, this method, expiry), in this and in other processes. A batch is
   * not atomic as a whole: each row succeeds or fails on its own, and other keys' rows may be
   * written while a batch runs. Rows are applied in list order; a key given twice is compared, the
   * second time, with what the first left (so two rows expecting the same old row cannot both be
   * written).
   *
   * <p><b>Expiry</b> is the same as for {@link #multiPut}: a written row gets the TTL that {@code
   * multiPut} would give it (Redis with {@code ttl_expiry}: the key expires one view TTL after this
   * write; RocksDB: the sweep removes it one TTL after its event time). A row that expired after it
   * was read no longer matches a non-null {@code expected}; the caller reads null and tries again.
   *
   * <p><b>Failures.</b> When the store cannot be reached the call throws an UNAVAILABLE {@code
   * KairosException}, and any subset of the rows may have been written: read again before retrying.
   *
   * @param rows the rows to write
   * @param expected per row, the row last read for its key (its own key is not looked at), or null
   *     for "nothing stored"; as many as {@code rows}
   * @return per row, in order, whether it was written
   * @throws IllegalArgumentException when {@code expected} and {@code rows} differ in size
   */
  List<Boolean> multiPutIfUnchanged(
      FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected);

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
