package dev.kairos.ui.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.KairosException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a read-only endpoint on the blocking-task pool (they read the registry store and files) and
 * maps failures as the server does: {@code {"error": message, "kind": KIND, "status": code}} with
 * USER → 400, NOT_FOUND → 404, UNAVAILABLE → 503, CONFLICT → 409, anything else → 500 (logged).
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  private Api() {}

  /** A JSON endpoint: {@code body} builds the answer from the request. */
  static HttpService json(Function<ServiceRequestContext, Object> body) {
    return bytes(
        ctx -> {
          try {
            return new Body(MediaType.JSON_UTF_8, JSON.writeValueAsBytes(body.apply(ctx)));
          } catch (JsonProcessingException e) {
            throw KairosException.internal("cannot encode the answer: " + e.getMessage(), e);
          }
        });
  }

  /**
   * A JSON endpoint answered on the thread that received the request: only for bodies built from
   * memory in microseconds (no store, no file), where a hop to the blocking-task pool would cost
   * more than the work.
   */
  static HttpService inlineJson(Function<ServiceRequestContext, Object> body) {
    return (ctx, req) -> {
      try {
        return HttpResponse.of(
            ResponseHeaders.builder(HttpStatus.OK)
                .contentType(MediaType.JSON_UTF_8)
                .set("cache-control", "no-store")
                .build(),
            com.linecorp.armeria.common.HttpData.wrap(JSON.writeValueAsBytes(body.apply(ctx))));
      } catch (JsonProcessingException e) {
        return error(KairosException.internal("cannot encode the answer: " + e.getMessage(), e));
      } catch (RuntimeException e) {
        return error(e);
      }
    };
  }

  /** A response body and its type. */
  record Body(MediaType type, byte[] bytes) {}

  static HttpService bytes(Function<ServiceRequestContext, Body> body) {
    return (ctx, req) ->
        HttpResponse.of(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    Body b = body.apply(ctx);
                    return HttpResponse.of(
                        ResponseHeaders.builder(HttpStatus.OK)
                            .contentType(b.type())
                            .set("cache-control", "no-store")
                            .build(),
                        com.linecorp.armeria.common.HttpData.wrap(b.bytes()));
                  } catch (RuntimeException e) {
                    return error(e);
                  }
                },
                ctx.blockingTaskExecutor()));
  }

  static HttpResponse error(Throwable t) {
    KairosException k;
    if (t instanceof KairosException ke) {
      k = ke;
    } else {
      LOG.error("unexpected failure while serving a dashboard request", t);
      k =
          KairosException.internal(
              "internal error (" + t.getClass().getSimpleName() + "); see the server log", t);
    }
    HttpStatus status =
        switch (k.kind()) {
          case USER -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
          case CONFLICT -> HttpStatus.CONFLICT;
          case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    ObjectNode n = JSON.createObjectNode();
    n.put("error", k.getMessage()).put("kind", k.kind().name()).put("status", status.code());
    return HttpResponse.of(status, MediaType.JSON_UTF_8, n.toString());
  }
}
