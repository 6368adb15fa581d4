package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.KairosException;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Predictor;
import dev.kairos.server.ReadMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a prediction for every protocol: decodes the request, asks the {@link Predictor} where the
 * server's {@link ReadMode} says reads belong (on the I/O thread for an embedded store, else on the
 * blocking-task pool, as the predictor may wait on the online store), encodes the answer and
 * records metrics. Without a predictor every prediction is NOT_FOUND, with a message that says how
 * to serve one.
 */
public final class PredictExecutor {
  static final String NO_MODELS =
      "no models are served by this server; train and promote one: kairos train ..., kairos models"
          + " promote ...";

  /** Contributions per prediction when a request does not say. */
  static final int DEFAULT_TOP = 5;

  private final Predictor predictor;
  private final ServerMetrics metrics;
  private final ReadMode mode;
  private final ServedLogging logging;

  public PredictExecutor(Predictor predictor, ServerMetrics metrics, ReadMode mode) {
    this(predictor, metrics, mode, null);
  }

  /**
   * @param predictor the predictor, or null when the server serves no models
   * @param mode where reads run: {@link ReadMode#INLINE} predicts on the I/O thread
   * @param logging where predictions are logged, or null
   */
  public PredictExecutor(
      Predictor predictor, ServerMetrics metrics, ReadMode mode, ServedLogging logging) {
    this.predictor = predictor;
    this.metrics = metrics;
    this.mode = mode;
    this.logging = logging;
  }

  /** True when a predictor is configured. */
  public boolean enabled() {
    return predictor != null;
  }

  /** {@code model@alias} to the version serving it; empty without a predictor. */
  public Map<String, Long> serving() {
    return predictor == null ? Map.of() : predictor.serving();
  }

  /** {@code model@alias} to why it does not serve; empty without a predictor. */
  public Map<String, String> problems() {
    return predictor == null ? Map.of() : predictor.problems();
  }

  /**
   * Decodes, predicts and encodes on the request's blocking-task executor.
   *
   * @param decode builds the query from the request; throws a USER KairosException when the request
   *     is malformed
   * @return the encoded answer, or a future failed with a classified {@link KairosException}
   */
  public <T> CompletableFuture<T> answer(
      ServiceRequestContext ctx,
      Endpoint endpoint,
      Supplier<PredictQuery> decode,
      Function<PredictResult, T> encoder) {
    if (mode == ReadMode.INLINE) {
      try {
        return CompletableFuture.completedFuture(run(endpoint, decode, encoder));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(
        () -> run(endpoint, decode, encoder), ctx.blockingTaskExecutor());
  }

  private <T> T run(
      Endpoint endpoint, Supplier<PredictQuery> decode, Function<PredictResult, T> encoder) {
    long start = System.nanoTime();
    try {
      if (predictor == null) {
        throw KairosException.notFound(NO_MODELS);
      }
      PredictQuery query = decode.get();
      long predictStart = System.nanoTime();
      java.time.Instant requestTime = logging == null ? null : logging.now();
      PredictResult result = predictor.predict(query);
      if (logging != null) {
        logging.predictions(requestTime, query, result);
      }
      metrics.predicted(result, System.nanoTime() - predictStart);
      metrics.entityRows(endpoint, query.rowCount());
      return encoder.apply(result);
    } catch (RuntimeException e) {
      KairosException k = ErrorMapping.classify(e);
      metrics.error(endpoint, k.kind());
      throw k;
    } finally {
      metrics.request(endpoint, System.nanoTime() - start);
    }
  }

  /**
   * The query, with the request's optional settings defaulted; {@code top} must be 0 (all) or more.
   */
  static PredictQuery query(
      String model,
      String alias,
      Map<String, List<Object>> entities,
      Map<String, List<Object>> requestData,
      Boolean explain,
      Integer top) {
    if (model == null || model.isBlank()) {
      throw KairosException.user(
          "the request names no model: set 'model' to the model to score, e.g. \"fraud\"");
    }
    int contributions = top == null ? DEFAULT_TOP : top;
    if (contributions < 0) {
      throw KairosException.user(
          "'top' must be 0 (all contributions) or more, but it is " + contributions);
    }
    return new PredictQuery(
        model, alias, entities, requestData, explain == null || explain, contributions);
  }
}
