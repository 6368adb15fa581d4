package dev.kairos.api.monitor;

import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import java.time.Instant;

/**
 * Where the feature server hands what it served, for the skew check (see docs/skew.md). Both log
 * methods are called on the request's thread after the answer is computed: they must return at
 * once, never block and never throw. An implementation samples, queues and writes in the
 * background; what it cannot queue it drops and counts.
 */
public interface FeatureLogger extends AutoCloseable {
  /**
   * Offers the rows of one answered feature-service request.
   *
   * @param service the feature service the request named
   * @param registryVersion the server's registry version that answered
   * @param requestTime the request's time (the clock the answer was computed with)
   * @param query the request as executed (typed join keys, request data)
   * @param result the answer: join key columns, then the service's features in its order
   */
  void features(
      String service,
      long registryVersion,
      Instant requestTime,
      OnlineQuery query,
      OnlineResult result);

  /** Offers the rows of one answered prediction: the features the model read and its score. */
  void predictions(Instant requestTime, PredictQuery query, PredictResult result);

  /** Counters since start. */
  Stats stats();

  /** Writes what is queued, then stops the writer. */
  @Override
  void close();

  /**
   * Logging counters: every sampled row is offered; an offered row is written, dropped (queue full,
   * or the server stopped) or failed (the write failed), or still queued.
   */
  record Stats(long offered, long queued, long written, long dropped, long failed) {}
}
