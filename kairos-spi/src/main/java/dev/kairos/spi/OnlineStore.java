package dev.kairos.spi;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import java.util.List;

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

  /**
   * True when {@link #multiGet} may wait on a network (a remote store). A server then reads on a
   * thread pool made for blocking calls; a store that answers from local memory and disk says
   * false, and is read on the thread that received the request, saving two thread hand-offs.
   */
  default boolean readsMayBlock() {
    return true;
  }

  /** Checks the store can be reached; throws an UNAVAILABLE KairosException when not. */
  default void checkAvailable() {}

  @Override
  void close();
}
