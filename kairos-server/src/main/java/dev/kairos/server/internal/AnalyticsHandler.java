package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import dev.kairos.api.KairosException;
import dev.kairos.api.analytics.AnalyticsReader;
import dev.kairos.api.analytics.AnalyticsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/analytics/{view}?from=&to=&category=&country=&limit=}: a view's rows as JSON,
 * {@code {"view": ..., "columns": [...], "rows": [{column: value, ...}, ...]}}, read on the
 * blocking-task pool (it queries the offline store). Parameters are validated by the reader;
 * failures go through {@link ErrorMapping}.
 */
public final class AnalyticsHandler {
  static final String NOT_CONFIGURED =
      "analytics are not served by this server: add an analytics section to kairos.yaml and run"
          + " kairos analytics refresh";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AnalyticsReader reader;
  private final ServerMetrics metrics;

  /**
   * @param reader the analytics, or null when the repository has none
   */
  public AnalyticsHandler(AnalyticsReader reader, ServerMetrics metrics) {
    this.reader = reader;
    this.metrics = metrics;
  }

  public HttpService service() {
    return (ctx, req) -> {
      String view = ctx.pathParam("view");
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (String name : ctx.queryParams().names()) {
        params.put(name, new ArrayList<>(ctx.queryParams().getAll(name)));
      }
      return HttpResponse.of(
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                try {
                  if (reader == null) {
                    throw KairosException.notFound(NOT_CONFIGURED);
                  }
                  return HttpResponse.of(
                      HttpStatus.OK, MediaType.JSON_UTF_8, encode(reader.read(view, params)));
                } catch (RuntimeException e) {
                  KairosException k = ErrorMapping.classify(e);
                  metrics.error(Endpoint.ANALYTICS, k.kind());
                  return ErrorMapping.httpResponse(k);
                } finally {
                  metrics.request(Endpoint.ANALYTICS, System.nanoTime() - start);
                }
              },
              ctx.blockingTaskExecutor()));
    };
  }

  static byte[] encode(AnalyticsTable t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("view", t.view());
    ArrayNode columns = n.putArray("columns");
    t.columns().forEach(columns::add);
    ArrayNode rows = n.putArray("rows");
    for (List<Object> r : t.rows()) {
      ObjectNode o = rows.addObject();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        String c = t.columns().get(i);
        if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
          o.putNull(c);
        } else if (v instanceof Long l) {
          o.put(c, l);
        } else if (v instanceof Number x) {
          o.put(c, x.doubleValue());
        } else {
          o.put(c, v.toString());
        }
      }
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot encode analytics: " + e.getMessage(), e);
    }
  }
}
