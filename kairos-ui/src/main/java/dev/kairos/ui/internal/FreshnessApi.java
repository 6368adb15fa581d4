package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.HttpService;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.core.online.Materializer;
import dev.kairos.spi.RegistryStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /v1/ui/freshness[?view=NAME]}: per view its last materialization (interval, rows,
 * finish time) and watermark from the registry store, and, when a stream runs in this process
 * ({@code kairos serve --stream}), the latest event time it applied, its consumer lag and its
 * freshness percentiles from the stream's meters.
 */
final class FreshnessApi {
  static final String PATH = "/v1/ui/freshness";

  private FreshnessApi() {}

  static HttpService service(
      Supplier<Optional<Definitions>> definitions,
      Supplier<RegistryStore> store,
      MeterRegistry meters,
      Clock clock) {
    return Api.json(
        ctx -> {
          Params p = Params.check(ctx.queryParams(), PATH, List.of("view"));
          Definitions d =
              definitions
                  .get()
                  .orElseThrow(() -> KairosException.notFound(RegistryApi.NOTHING_APPLIED));
          String only = p.text("view");
          if (only != null && d.view(only).isEmpty()) {
            throw KairosException.user(
                "unknown feature view '"
                    + only
                    + "'; known views: "
                    + Definitions.names(d.views(), FeatureView::name));
          }
          ObjectNode root = Api.JSON.createObjectNode().put("now", clock.instant().toString());
          ArrayNode views = root.putArray("views");
          RegistryStore s = store.get();
          for (FeatureView v : d.views()) {
            if (only != null && !only.equals(v.name())) {
              continue;
            }
            ObjectNode o = views.addObject().put("view", v.name()).put("online", v.online());
            o.put("kind", v.hasAggregations() ? "aggregated" : "plain");
            o.put("source", v.source());
            o.put("watermark", s.get(Materializer.WATERMARK_NAMESPACE, v.name()).orElse(null));
            Optional<String> run = s.get(Materializer.LAST_RUN_NAMESPACE, v.name());
            if (run.isPresent()) {
              o.set("last_run", read(run.get()));
            } else {
              o.putNull("last_run");
            }
            Double streamed = lastEvent(meters, v.name());
            o.put(
                "stream_last_event_time",
                streamed == null
                    ? null
                    : Instant.ofEpochMilli((long) (streamed * 1000)).toString());
          }
          root.set("streams", streams(meters));
          return root;
        });
  }

  private static JsonNode read(String json) {
    try {
      return Api.JSON.readTree(json);
    } catch (java.io.IOException e) {
      return Api.JSON.getNodeFactory().textNode(json);
    }
  }

  private static Double lastEvent(MeterRegistry meters, String view) {
    for (Gauge g :
        meters.find("kairos_stream_last_event_time_seconds").tag("view", view).gauges()) {
      double v = g.value();
      if (Double.isFinite(v) && v > 0) {
        return v;
      }
    }
    return null;
  }

  private static ArrayNode streams(MeterRegistry meters) {
    ArrayNode out = Api.JSON.createArrayNode();
    for (Timer t : meters.find("kairos_stream_freshness").timers()) {
      String source = t.getId().getTag("source");
      ObjectNode o = out.addObject().put("source", source);
      double lag = 0;
      for (Gauge g : meters.find("kairos_stream_consumer_lag").tag("source", source).gauges()) {
        lag += Math.max(0, g.value());
      }
      o.put("lag_records", (long) lag);
      ObjectNode f = o.putObject("freshness_ms");
      for (ValueAtPercentile v : t.takeSnapshot().percentileValues()) {
        f.put(label(v.percentile()), v.value(TimeUnit.MILLISECONDS));
      }
      o.put("events", t.count());
    }
    return out;
  }

  private static String label(double q) {
    return q == 0.5 ? "p50" : q == 0.99 ? "p99" : q == 0.999 ? "p999" : "p" + q;
  }
}
