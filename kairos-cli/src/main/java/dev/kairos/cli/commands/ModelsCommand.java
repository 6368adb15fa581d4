package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.registry.ModelJson;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.RunJson;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos models}: the model registry. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "The model registry: model versions and their aliases (champion, challenger, any name).",
    subcommands = {
      ModelsCommand.ListModels.class,
      ModelsCommand.Show.class,
      ModelsCommand.Promote.class
    })
public final class ModelsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw KairosException.user(
        "give a subcommand: list, show MODEL, promote MODEL VERSION --alias NAME");
  }

  /** {@code kairos models list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every model version and its aliases.")
  static final class ListModels implements Callable<Integer> {
    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        ModelRegistry reg = Models.of(fs).registry();
        List<ModelVersion> all = new ArrayList<>();
        reg.models().forEach(m -> all.addAll(reg.versions(m)));
        Map<String, Long> aliases = reg.aliases();
        if (format == Format.json) {
          ArrayNode a = RunJson.MAPPER.createArrayNode();
          for (ModelVersion v : all) {
            a.add(node(v, aliasesOf(aliases, v)));
          }
          System.out.println(a.toPrettyString());
          return 0;
        }
        if (all.isEmpty()) {
          System.out.println(
              "No models yet; train one: kairos train --service S --labels FILE --label L --model M");
          return 0;
        }
        Table t =
            new Table(
                "MODEL",
                "VERSION",
                "ALIASES",
                "CREATED",
                "RUN",
                "SERVICE",
                "FEATURES",
                "THRESHOLD");
        for (ModelVersion v : all) {
          t.row(
              v.model(),
              Long.toString(v.version()),
              String.join(",", aliasesOf(aliases, v)),
              v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
              v.runId().substring(0, 12),
              v.service(),
              Integer.toString(v.inputs().size()),
              String.format(Locale.ROOT, "%.4f", v.threshold()));
        }
        System.out.print(t.render());
      }
      return 0;
    }
  }

  /** {@code kairos models show MODEL [VERSION]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows a model version: its run, threshold, aliases and exact inputs in order.")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "VERSION",
        description = "Default: the champion, else the latest.")
    Long version;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        ModelRegistry reg = Models.of(fs).registry();
        long n = version != null ? version : defaultVersion(reg, model);
        ModelVersion v = reg.require(model, n);
        List<String> aliases = aliasesOf(reg.aliases(), v);
        if (format == Format.json) {
          System.out.println(node(v, aliases).toPrettyString());
          return 0;
        }
        StringBuilder out = new StringBuilder();
        out.append(
            String.format(
                Locale.ROOT,
                "Model %s version %d%s%n",
                v.model(),
                v.version(),
                aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")"));
        out.append(String.format("  run %s, created %s%n", v.runId(), v.createdAt()));
        out.append(
            String.format(
                "  trained on service %s at registry version %d%n",
                v.service(), v.registryVersion()));
        out.append(
            String.format(
                Locale.ROOT,
                "  threshold %.4f (%s), %d trees%n",
                v.threshold(),
                v.thresholdRule(),
                v.treeLimit()));
        if (v.mlflowVersion() != null) {
          out.append("  MLflow model version ").append(v.mlflowVersion()).append('\n');
        }
        out.append("Inputs, in the order the model reads them:\n");
        int i = 0;
        for (InputSpec s : v.inputs()) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %2d %s %s%s%n",
                  i++,
                  s.ref(),
                  s.type(),
                  s.vocabulary().isEmpty() ? "" : " (" + s.vocabulary().size() + " known values)"));
        }
        System.out.print(out);
      }
      return 0;
    }

    private static long defaultVersion(ModelRegistry reg, String model) {
      Optional<Long> champion = reg.alias(model, "champion");
      if (champion.isPresent()) {
        return champion.get();
      }
      List<ModelVersion> all = reg.versions(model);
      if (all.isEmpty()) {
        reg.require(model, 1);
      }
      return all.get(all.size() - 1).version();
    }
  }

  /** {@code kairos models promote MODEL VERSION --alias NAME}. */
  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Points an alias at a version; a running feature server follows within a second.")
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION")
    long version;

    @Option(
        names = "--alias",
        defaultValue = "champion",
        description = "The alias (default ${DEFAULT-VALUE}).")
    String alias;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        Models models = Models.of(fs);
        Optional<Long> before = models.registry().promote(model, version, alias);
        System.out.printf(
            "%s@%s -> version %d%s.%n",
            model,
            alias,
            version,
            before.map(b -> b == version ? " (unchanged)" : " (was version " + b + ")").orElse(""));
        Tracking.aliasIfConfigured(fs, models.registry().require(model, version), alias);
      }
      return 0;
    }
  }

  static List<String> aliasesOf(Map<String, Long> aliases, ModelVersion v) {
    List<String> out = new ArrayList<>();
    aliases.forEach(
        (k, n) -> {
          if (n == v.version() && k.startsWith(v.model() + "@")) {
            out.add(k.substring(v.model().length() + 1));
          }
        });
    return out;
  }

  static ObjectNode node(ModelVersion v, List<String> aliases) {
    try {
      ObjectNode n = (ObjectNode) RunJson.MAPPER.readTree(ModelJson.write(v));
      ArrayNode a = n.putArray("aliases");
      aliases.forEach(a::add);
      return n;
    } catch (java.io.IOException e) {
      throw KairosException.internal("cannot render model version: " + e.getMessage(), e);
    }
  }
}
