package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.server.HttpService;
import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.quality.QualityGate;
import dev.kairos.spi.RegistryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code GET /v1/ui/quality[?limit=N]}: per source its validation runs (newest first, at most
 * {@code limit}, default 20) with the failing expectations and their observed values, from the
 * registry store; and the quarantined batches with their reports, from the quarantine folder.
 */
final class QualityApi {
  static final String PATH = "/v1/ui/quality";
  static final int MAX_LIMIT = 1000;

  private QualityApi() {}

  static HttpService service(
      Supplier<Optional<Definitions>> definitions,
      Supplier<RegistryStore> store,
      Supplier<Path> quarantine) {
    return Api.json(
        ctx -> {
          Params p = Params.check(ctx.queryParams(), PATH, List.of("limit"));
          long limit = p.whole("limit", 1, 20L, "the number of runs per source");
          if (limit > MAX_LIMIT) {
            throw KairosException.user(
                "limit must be at most " + MAX_LIMIT + ", not '" + p.text("limit") + "'");
          }
          Map<String, List<JsonNode>> runs = new TreeMap<>();
          definitions
              .get()
              .ifPresent(
                  d -> {
                    for (Source s : d.sources()) {
                      runs.put(s.name(), new ArrayList<>());
                    }
                  });
          Map<String, String> stored =
              new TreeMap<>(store.get().list(QualityGate.REGISTRY_NAMESPACE));
          for (Map.Entry<String, String> e : stored.entrySet()) {
            int slash = e.getKey().indexOf('/');
            String source = slash < 0 ? e.getKey() : e.getKey().substring(0, slash);
            runs.computeIfAbsent(source, k -> new ArrayList<>()).add(read(e.getValue()));
          }
          ObjectNode root = Api.JSON.createObjectNode();
          ArrayNode sources = root.putArray("sources");
          for (Map.Entry<String, List<JsonNode>> e : runs.entrySet()) {
            ObjectNode o = sources.addObject().put("source", e.getKey());
            Optional<Source> src = definitions.get().flatMap(d -> d.source(e.getKey()));
            o.put("validation", src.map(Source::validation).orElse(null));
            List<JsonNode> list = e.getValue();
            ArrayNode out = o.putArray("runs");
            for (int i = list.size() - 1; i >= 0 && out.size() < limit; i--) {
              out.add(run(list.get(i)));
            }
          }
          root.set("quarantine", quarantined(quarantine.get()));
          return root;
        });
  }

  private static JsonNode read(String json) {
    try {
      return Api.JSON.readTree(json);
    } catch (IOException e) {
      throw KairosException.internal(
          "a stored validation report is not JSON: " + e.getMessage(), e);
    }
  }

  /** A report's summary: outcome, rows, batch and the failing expectations. */
  static ObjectNode run(JsonNode report) {
    JsonNode meta = report.path("meta");
    ObjectNode o = Api.JSON.createObjectNode();
    o.put("run_time", meta.path("run_time").asText(null));
    o.put("success", report.path("success").asBoolean());
    o.put("batch", meta.path("batch").asText(null));
    o.put("rows", meta.path("row_count").asLong());
    o.put("suite", meta.path("expectation_suite_name").asText(null));
    o.set("statistics", report.path("statistics"));
    if (report.has("exception_info")) {
      o.put("read_error", report.path("exception_info").path("exception_message").asText());
    }
    ArrayNode failing = o.putArray("failing");
    for (JsonNode r : report.path("results")) {
      if (r.path("success").asBoolean()) {
        continue;
      }
      JsonNode config = r.path("expectation_config");
      JsonNode result = r.path("result");
      ObjectNode f = failing.addObject();
      f.put("expectation", config.path("expectation_type").asText());
      f.set("kwargs", config.path("kwargs"));
      f.set("observed_value", result.path("observed_value"));
      if (result.has("unexpected_count")) {
        f.set("unexpected_count", result.get("unexpected_count"));
        f.set("unexpected_percent", result.get("unexpected_percent"));
        f.set("examples", result.path("partial_unexpected_list"));
        f.set("example_lines", result.path("partial_unexpected_index_list"));
      }
    }
    return o;
  }

  private static ArrayNode quarantined(Path root) {
    ArrayNode out = Api.JSON.createArrayNode();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      List<Path> batches =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().endsWith(".report.txt"))
              .filter(f -> !f.getFileName().toString().endsWith(".report.json"))
              .sorted()
              .toList();
      for (int i = batches.size() - 1; i >= 0; i--) {
        Path f = batches.get(i);
        ObjectNode o = out.addObject();
        o.put("source", f.getParent().getFileName().toString());
        o.put("file", root.relativize(f).toString());
        o.put("bytes", Files.size(f));
        Path json = f.resolveSibling(f.getFileName() + ".report.json");
        Path text = f.resolveSibling(f.getFileName() + ".report.txt");
        if (Files.isRegularFile(json)) {
          o.set("report", run(read(Files.readString(json, StandardCharsets.UTF_8))));
        }
        o.put(
            "report_text",
            Files.isRegularFile(text) ? Files.readString(text, StandardCharsets.UTF_8) : null);
      }
    } catch (IOException e) {
      throw KairosException.unavailable(
          "cannot read the quarantine folder " + root + ": " + e.getMessage(), e);
    }
    return out;
  }
}
