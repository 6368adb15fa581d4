package dev.kairos.server;

/**
 * Where a feature request is read and encoded. Requests always arrive on an I/O thread (an event
 * loop); the mode says whether the read happens there, or elsewhere.
 */
public enum ReadMode {
  /**
   * On the I/O thread that received the request: right for an embedded store (RocksDB), whose reads
   * take microseconds and never wait on a network. No thread hand-off at all.
   */
  INLINE,
  /**
   * The store is asked without waiting ({@code OnlineFeatureReader.getAsync}); the answer is
   * encoded back on the request's I/O thread when the store replies. Right for a remote store with
   * an asynchronous client (Redis): no thread sits waiting for the network.
   */
  ASYNC,
  /**
   * On Armeria's blocking-task pool: the safe choice for a reader that blocks on a network. Two
   * thread hand-offs per request.
   */
  BLOCKING_POOL
}
