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
import dev.kairos.api.monitor.SkewHistory;
import dev.kairos.api.monitor.SkewSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/skew[?service=S][&limit=N]}: the latest skew checks per service (newest last, at
 * most {@code limit}, default {@value #DEFAULT_LIMIT}), as {@code {"services":[{"service":...,
 * "checks":[{"checked_at","from","to","rows","mismatches","late","mismatch_rate","hours":[...],
 * "features":[...]}]}]}}. An unknown parameter or a bad limit is a 400.
 */
public final class SkewHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  static final String NOT_CONFIGURED =
      "skew checks are not served by this server: log a feature service (logging: {sample_rate:"
          + " ...}) and run kairos skew --service NAME";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SkewHistory history;
  private final ServerMetrics metrics;

  /**
   * @param history the stored checks, or null when the server has none
   */
  public SkewHandler(SkewHistory history, ServerMetrics metrics) {
    this.history = history;
    this.metrics = metrics;
  }

  public HttpService service() {
    return (ctx, req) -> {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (String name : ctx.queryParams().names()) {
        params.put(name, ctx.queryParams().getAll(name));
      }
      return HttpResponse.of(
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                try {
                  String service = single(params, "service");
                  int limit = limit(single(params, "limit"));
                  for (String name : params.keySet()) {
                    if (!Set.of("service", "limit").contains(name)) {
                      throw KairosException.user(
                          "unknown parameter '" + name + "'; /v1/skew takes service and limit");
                    }
                  }
                  if (history == null) {
                    throw KairosException.notFound(NOT_CONFIGURED);
                  }
                  return HttpResponse.of(
                      HttpStatus.OK, MediaType.JSON_UTF_8, encode(history.latest(service, limit)));
                } catch (RuntimeException e) {
                  KairosException k = ErrorMapping.classify(e);
                  metrics.error(Endpoint.SKEW, k.kind());
                  return ErrorMapping.httpResponse(k);
                } finally {
                  metrics.request(Endpoint.SKEW, System.nanoTime() - start);
                }
              },
              ctx.blockingTaskExecutor()));
    };
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null) {
      return null;
    }
    if (values.size() != 1 || values.get(0).isBlank()) {
      throw KairosException.user("give parameter '" + name + "' once, with a value");
    }
    return values.get(0);
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw KairosException.user(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text + "'");
  }

  static byte[] encode(List<SkewSummary> checks) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode services = root.putArray("services");
    Map<String, ArrayNode> byService = new LinkedHashMap<>();
    for (SkewSummary s : checks) {
      ArrayNode list =
          byService.computeIfAbsent(
              s.service(),
              name -> {
                ObjectNode o = services.addObject().put("service", name);
                return o.putArray("checks");
              });
      ObjectNode c = list.addObject();
      c.put("checked_at", s.checkedAt().toString());
      c.put("from", s.from().toString());
      c.put("to", s.to().toString());
      c.put("rows", s.rows());
      c.put("mismatches", s.mismatches());
      c.put("late", s.late());
      c.put("mismatch_rate", s.mismatchRate());
      ArrayNode hours = c.putArray("hours");
      for (SkewSummary.Hour h : s.hours()) {
        hours
            .addObject()
            .put("hour", h.hour().toString())
            .put("rows", h.rows())
            .put("mismatches", h.mismatches());
      }
      ArrayNode features = c.putArray("features");
      for (SkewSummary.Feature f : s.features()) {
        ObjectNode o =
            features
                .addObject()
                .put("feature", f.feature())
                .put("total", f.total())
                .put("mismatches", f.mismatches());
        if (f.smape() == null) {
          o.putNull("smape");
        } else {
          o.put("smape", f.smape());
        }
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot encode skew checks: " + e.getMessage(), e);
    }
  }
}
