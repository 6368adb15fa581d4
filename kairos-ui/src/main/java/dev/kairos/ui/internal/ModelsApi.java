package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import dev.kairos.api.KairosException;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.RunJson;
import dev.kairos.ml.runs.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /v1/ui/models}: the training runs (newest first, with their metrics and plots) and
 * every model's versions and aliases; {@code GET /v1/ui/runs/{id}/plots/{name}}: a run's plot
 * ({@code roc}, {@code pr} or {@code importance}) as the PNG training wrote.
 */
final class ModelsApi {
  static final String PATH = "/v1/ui/models";
  static final Set<String> PLOTS = Set.of("roc", "pr", "importance");

  private ModelsApi() {}

  static HttpService models(Supplier<RunStore> runs, Supplier<ModelRegistry> models) {
    return Api.json(
        ctx -> {
          Params.check(ctx.queryParams(), PATH, List.of());
          ObjectNode root = Api.JSON.createObjectNode();
          ArrayNode out = root.putArray("runs");
          for (Run r : runs.get().list()) {
            ObjectNode o = RunJson.toNode(r);
            ArrayNode plots = o.putArray("plots");
            for (Run.Artifact a : r.artifacts()) {
              String name = Path.of(a.path()).getFileName().toString();
              if (a.path().startsWith("plots/") && name.endsWith(".png")) {
                plots.add(name.substring(0, name.length() - 4));
              }
            }
            out.add(o);
          }
          ModelRegistry registry = models.get();
          ArrayNode list = root.putArray("models");
          for (String name : registry.models()) {
            ObjectNode m = list.addObject().put("name", name);
            Map<String, Long> aliases = registry.aliases(name);
            ObjectNode a = m.putObject("aliases");
            aliases.forEach(a::put);
            ArrayNode versions = m.putArray("versions");
            List<ModelVersion> all = registry.versions(name);
            for (int i = all.size() - 1; i >= 0; i--) {
              ModelVersion v = all.get(i);
              ObjectNode o =
                  versions
                      .addObject()
                      .put("version", v.version())
                      .put("run_id", v.runId())
                      .put("created_at", v.createdAt().toString())
                      .put("service", v.service())
                      .put("registry_version", v.registryVersion())
                      .put("threshold", v.threshold())
                      .put("threshold_rule", v.thresholdRule())
                      .put("inputs", v.inputs().size());
              ArrayNode tags = o.putArray("aliases");
              aliases.forEach(
                  (alias, version) -> {
                    if (version == v.version()) {
                      tags.add(alias);
                    }
                  });
            }
          }
          return root;
        });
  }

  static HttpService plot(Supplier<RunStore> runs) {
    return Api.bytes(
        ctx -> {
          Params.check(ctx.queryParams(), "/v1/ui/runs/{id}/plots/{name}", List.of());
          String name = ctx.pathParam("name");
          if (!PLOTS.contains(name)) {
            throw KairosException.user("unknown plot '" + name + "'; plots: importance, pr, roc");
          }
          RunStore store = runs.get();
          Run run = store.require(ctx.pathParam("id"));
          Path file = store.artifactDir(run.id()).resolve("plots").resolve(name + ".png");
          if (!Files.isRegularFile(file)) {
            throw KairosException.notFound(
                "run " + run.id() + " has no " + name + " plot (" + file + " does not exist)");
          }
          try {
            return new Api.Body(MediaType.PNG, Files.readAllBytes(file));
          } catch (IOException e) {
            throw KairosException.unavailable("cannot read " + file + ": " + e.getMessage(), e);
          }
        });
  }
}
