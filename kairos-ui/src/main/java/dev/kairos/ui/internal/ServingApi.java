package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.HttpService;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/ui/serving[?since=EPOCH_MS]}: the serving history (see {@link MetricsHistory}),
 * the samples taken after {@code since} (all kept ones without it), oldest first.
 */
final class ServingApi {
  static final String PATH = "/v1/ui/serving";

  private ServingApi() {}

  /** Answers asking for no more than this far back are answered on the I/O thread. */
  static final long INLINE_MS = 10_000;

  /**
   * The page's once-a-second question (a sample or two since its last) is answered on the I/O
   * thread: the history is in memory and the answer tiny. A longer answer (the page's first, up to
   * 900 samples) is encoded on the blocking-task pool, so it never holds up the I/O thread's
   * feature requests.
   */
  static HttpService service(MetricsHistory history, java.time.Clock clock) {
    java.util.function.Function<com.linecorp.armeria.server.ServiceRequestContext, Object> answer =
        ctx -> {
          Params p = Params.check(ctx.queryParams(), PATH, List.of("since"));
          long since = p.whole("since", 0, 0L, "a time in epoch milliseconds");
          return encode(history.since(since));
        };
    HttpService inline = Api.inlineJson(answer);
    HttpService pooled = Api.json(answer);
    return (ctx, req) -> {
      String since = ctx.queryParam("since");
      boolean recent = false;
      if (since != null) {
        try {
          recent = Long.parseLong(since) >= clock.millis() - INLINE_MS;
        } catch (NumberFormatException e) {
          // the pooled path answers it, with its 400
        }
      }
      return (recent ? inline : pooled).serve(ctx, req);
    };
  }

  static ObjectNode encode(List<MetricsHistory.Sample> samples) {
    ObjectNode root = Api.JSON.createObjectNode();
    root.put("interval_ms", 1000).put("capacity", MetricsHistory.CAPACITY);
    ArrayNode points = root.putArray("points");
    for (MetricsHistory.Sample s : samples) {
      ObjectNode p = points.addObject();
      p.put("t", s.atMs());
      ObjectNode endpoints = p.putObject("endpoints");
      for (Map.Entry<String, MetricsHistory.Latency> e : s.endpoints().entrySet()) {
        latency(endpoints.putObject(e.getKey()), e.getValue());
      }
      p.put("entity_rows_per_s", s.entityRowsPerSecond());
      ObjectNode errors = p.putObject("errors");
      s.errorsByKind().forEach(errors::put);
      if (s.onlineStore() == null) {
        p.putNull("online_store");
      } else {
        latency(p.putObject("online_store"), s.onlineStore());
      }
    }
    return root;
  }

  private static void latency(ObjectNode o, MetricsHistory.Latency l) {
    o.put("rps", l.perSecond());
    o.put("p50_ms", l.p50Ms());
    o.put("p99_ms", l.p99Ms());
    o.put("p999_ms", l.p999Ms());
  }
}
