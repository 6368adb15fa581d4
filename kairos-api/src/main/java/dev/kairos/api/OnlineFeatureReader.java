package dev.kairos.api;

import java.util.concurrent.CompletableFuture;

/**
 * The online read path the feature server uses. Statuses are computed at request time from each
 * view's TTL and the reader's clock.
 */
public interface OnlineFeatureReader {
  /**
   * Looks up features for a batch of entities.
   *
   * @throws KairosException USER when the request is malformed (unknown feature, view or service,
   *     missing join key, wrong key type, no entity rows, too many rows); UNAVAILABLE when the
   *     online store cannot be reached. An unknown entity is not an error: it is NOT_FOUND data.
   */
  OnlineResult get(OnlineQuery query);

  /**
   * {@link #get} without waiting on the store where it can answer asynchronously. A malformed
   * request fails the returned future (or throws) with the same USER error; the default reads on
   * the calling thread.
   */
  default CompletableFuture<OnlineResult> getAsync(OnlineQuery query) {
    try {
      return CompletableFuture.completedFuture(get(query));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
