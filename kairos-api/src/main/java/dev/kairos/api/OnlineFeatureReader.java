package dev.kairos.api;

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
}
