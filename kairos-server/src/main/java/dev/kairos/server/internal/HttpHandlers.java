package dev.kairos.server.internal;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineResult;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP endpoints. Feature requests are answered on the thread {@link QueryExecutor#answer}
 * chooses for the server's read mode; every failure becomes a JSON error through {@link
 * ErrorMapping}.
 */
public final class HttpHandlers {
  private static final MediaType PROMETHEUS =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");
  private static final String FULL_NAMES = "full_feature_names";
  private static final int INITIAL_BUFFER = 4096;

  private final QueryExecutor executor;
  private final BooleanSupplier ready;
  private final Supplier<String> notReadyReason;
  private final PrometheusMeterRegistry prometheus;
  private final PredictExecutor predictions;

  public HttpHandlers(
      QueryExecutor executor,
      PredictExecutor predictions,
      BooleanSupplier ready,
      Supplier<String> notReadyReason,
      PrometheusMeterRegistry prometheus) {
    this.executor = executor;
    this.predictions = predictions;
    this.ready = ready;
    this.notReadyReason = notReadyReason;
    this.prometheus = prometheus;
  }

  /** {@code POST /get-online-features}, Feast's JSON protocol. */
  public HttpService feastGetOnlineFeatures() {
    return (ctx, req) ->
        HttpResponse.of(
            req.aggregate()
                .thenCompose(
                    agg -> {
                      RawQuery query;
                      try {
                        query = JsonCodec.feastRequest(agg.content().array());
                      } catch (RuntimeException e) {
                        return CompletableFuture.<HttpData>failedFuture(e);
                      }
                      return executor.answer(
                          ctx, Endpoint.FEAST_HTTP, query, pooled(ctx, JsonCodec::feastResponse));
                    })
                .handle(HttpHandlers::respond));
  }

  /** {@code GET /v1/features/{service}?join_key=value&...[&full_feature_names=true]}. */
  public HttpService restFeatures() {
    return (ctx, req) -> {
      CompletableFuture<HttpData> body;
      try {
        body =
            executor.answer(
                ctx, Endpoint.REST, restQuery(ctx), pooled(ctx, JsonCodec::kairosResponse));
      } catch (RuntimeException e) {
        return ErrorMapping.httpResponse(e);
      }
      // Read on this thread (an embedded store): answer at once rather than through a future.
      if (body.isDone() && !body.isCompletedExceptionally()) {
        return json(body.join());
      }
      return HttpResponse.of(body.handle(HttpHandlers::respond));
    };
  }

  /**
   * Every query parameter but {@code full_feature_names} is a join key, or the request field of a
   * request-time feature the service serves.
   */
  private static RawQuery restQuery(ServiceRequestContext ctx) {
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    boolean fullNames = false;
    for (String name : ctx.queryParams().names()) {
      if (FULL_NAMES.equals(name)) {
        fullNames = Boolean.parseBoolean(ctx.queryParams().get(name));
      } else {
        entities.put(name, new ArrayList<>(ctx.queryParams().getAll(name)));
      }
    }
    return new RawQuery(List.of(), ctx.pathParam("service"), entities, fullNames, true);
  }

  /**
   * {@code POST /v1/predict/{model}}: scores the transactions in the JSON body, on the
   * blocking-task pool (the predictor may wait on the online store).
   */
  public HttpService predict() {
    return (ctx, req) ->
        HttpResponse.of(
            req.aggregate()
                .thenCompose(
                    agg ->
                        predictions.answer(
                            ctx,
                            Endpoint.PREDICT_HTTP,
                            () -> PredictJson.query(ctx.pathParam("model"), agg.content().array()),
                            result -> HttpData.wrap(PredictJson.response(result))))
                .handle(HttpHandlers::respond));
  }

  /** {@code GET /healthz}: the process is up. */
  public HttpService healthz() {
    return (ctx, req) ->
        HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, "{\"status\":\"UP\"}");
  }

  /**
   * {@code GET /readyz}: 200 once the registry is loaded and the store answers, else 503. A ready
   * body lists the models served and the model versions that failed to load; those do not make the
   * server unready, as the previous version keeps serving.
   */
  public HttpService readyz() {
    return (ctx, req) ->
        HttpResponse.of(
            CompletableFuture.supplyAsync(
                () -> {
                  if (ready.getAsBoolean()) {
                    return HttpResponse.of(
                        HttpStatus.OK, MediaType.JSON_UTF_8, PredictJson.ready(predictions));
                  }
                  return ErrorMapping.httpResponse(
                      KairosException.unavailable("not ready: " + notReadyReason.get(), null));
                },
                ctx.blockingTaskExecutor()));
  }

  /** {@code GET /metrics}: Prometheus text exposition. */
  public HttpService metrics() {
    return (ctx, req) -> HttpResponse.of(HttpStatus.OK, PROMETHEUS, prometheus.scrape());
  }

  private static HttpResponse respond(HttpData body, Throwable error) {
    return error != null ? ErrorMapping.httpResponse(error) : json(body);
  }

  /**
   * Encodes into a buffer from the connection's pool, which Armeria releases once it is written: a
   * heap array holding a copy of every answer made large answers the main source of garbage.
   */
  private static Function<OnlineResult, HttpData> pooled(
      ServiceRequestContext ctx, BiConsumer<OnlineResult, OutputStream> encoder) {
    return result -> {
      ByteBuf buf = ctx.alloc().buffer(INITIAL_BUFFER);
      try {
        encoder.accept(result, new ByteBufOutputStream(buf));
        return HttpData.wrap(buf);
      } catch (RuntimeException | Error e) {
        buf.release();
        throw e;
      }
    };
  }

  private static HttpResponse json(HttpData body) {
    return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, body);
  }
}
