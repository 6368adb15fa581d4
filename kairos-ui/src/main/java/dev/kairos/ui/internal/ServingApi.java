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

  /** Answered on the I/O thread: the history is in memory, and the page asks once a second. */
  static HttpService service(MetricsHistory history) {
    return Api.inlineJson(
        ctx -> {
          Params p = Params.check(ctx.queryParams(), PATH, List.of("since"));
          long since = p.whole("since", 0, 0L, "a time in epoch milliseconds");
          return encode(history.since(since));
        });
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
