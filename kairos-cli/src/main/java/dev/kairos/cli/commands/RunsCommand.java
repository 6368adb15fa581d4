package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.RunJson;
import dev.kairos.ml.runs.RunStore;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos runs}: training runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Training runs: their parameters, data, metrics and files.",
    subcommands = {
      RunsCommand.ListRuns.class,
      RunsCommand.Show.class,
      RunsCommand.Compare.class,
      RunsCommand.Export.class
    })
public final class RunsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw KairosException.user("give a subcommand: list, show RUN, compare RUN RUN..., export RUN");
  }

  /** {@code kairos runs list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the runs, newest first.")
  static final class ListRuns implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "NAME", description = "Only this model's runs.")
    String model;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        List<Run> runs =
            Models.of(fs).runs().list().stream()
                .filter(r -> model == null || r.model().equals(model))
                .toList();
        if (format == Format.json) {
          ArrayNode a = RunJson.MAPPER.createArrayNode();
          runs.forEach(r -> a.add(RunJson.toNode(r)));
          System.out.println(a.toPrettyString());
          return 0;
        }
        if (runs.isEmpty()) {
          System.out.println(
              "No runs yet; train a model: kairos train --service S --labels FILE --label L --model M");
          return 0;
        }
        Table t =
            new Table(
                "RUN",
                "MODEL",
                "VERSION",
                "STATUS",
                "STARTED",
                "ROWS",
                "TEST ROC AUC",
                "TEST PR AUC",
                "TEST F1");
        for (Run r : runs) {
          t.row(
              r.id().substring(0, 12),
              r.model(),
              r.tags().getOrDefault("model_version", "-"),
              r.status().name(),
              r.startTime().truncatedTo(ChronoUnit.SECONDS).toString(),
              r.data() == null ? "-" : String.format(Locale.ROOT, "%,d", r.data().rows()),
              RunReport.num(RunReport.metric(r, "test.roc_auc")),
              RunReport.num(RunReport.metric(r, "test.pr_auc")),
              RunReport.num(RunReport.metric(r, "test.f1")));
        }
        System.out.print(t.render());
      }
      return 0;
    }
  }

  /** {@code kairos runs show RUN}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Shows one run: lineage, data, parameters, metrics and files.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, or its first characters.")
    String id;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        RunStore store = Models.of(fs).runs();
        Run r = store.require(id);
        Path dir = store.artifactDir(r.id());
        if (format == Format.json) {
          System.out.println(RunReport.json(r, dir));
          return 0;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("Run %s of model %s: %s%n", r.id(), r.model(), r.status()));
        out.append(
            String.format(
                "  started %s, ended %s (%s s)%n",
                r.startTime(),
                r.endTime() == null ? "-" : r.endTime(),
                RunReport.num(RunReport.seconds(r))));
        out.append(String.format("  kairos %s%n", r.kairosVersion()));
        if (r.error() != null) {
          out.append("  failed: ").append(r.error()).append('\n');
        }
        out.append(
            String.format(
                "Lineage: service %s at registry version %d, label %s, %d features%n",
                r.lineage().service(),
                r.lineage().registryVersion(),
                r.lineage().label(),
                r.lineage().features().size()));
        for (Run.FeatureColumn f : r.lineage().features()) {
          out.append("  ").append(f.ref()).append(" ").append(f.type()).append('\n');
        }
        if (r.data() != null) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "Training set: %,d rows from %s to %s, sha256 %s%n",
                  r.data().rows(),
                  r.data().from(),
                  r.data().to(),
                  r.data().sha256()));
        }
        out.append("Parameters: ");
        List<String> ps = new ArrayList<>();
        r.params().forEach((k, v) -> ps.add(k + "=" + v));
        out.append(String.join(", ", ps)).append('\n');
        if (r.metrics().containsKey("test.rows")) {
          out.append('\n').append(RunReport.splits(r)).append('\n');
          out.append(RunReport.testVersusBaseline(r)).append('\n');
          out.append("Top features by gain: ")
              .append(String.join(", ", RunReport.topGain(r, 10)))
              .append('\n');
        }
        if (!r.artifacts().isEmpty()) {
          out.append("Files:\n");
          for (Run.Artifact a : r.artifacts()) {
            out.append("  ")
                .append(dir.resolve(a.path()))
                .append("  (")
                .append(a.kind())
                .append(")\n");
          }
        }
        r.tags()
            .forEach((k, v) -> out.append("Tag ").append(k).append(": ").append(v).append('\n'));
        System.out.print(out);
      }
      return 0;
    }
  }

  /** {@code kairos runs compare RUN RUN...}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = "Compares runs metric by metric; DELTA columns are against the first run.")
  static final class Compare implements Callable<Integer> {
    @Parameters(
        arity = "2..*",
        paramLabel = "RUN",
        description = "Two or more run ids (or prefixes).")
    List<String> ids;

    @Option(
        names = "--all",
        description = "Every metric, not only the test split's and the parameters that differ.")
    boolean all;

    @Option(
        names = "--format",
        defaultValue = "text",
        description = "text or json (default ${DEFAULT-VALUE}).")
    Format format;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        RunStore store = Models.of(fs).runs();
        List<Run> runs = ids.stream().map(store::require).toList();
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.metrics().keySet()));
        if (!all) {
          keys.removeIf(
              k ->
                  !(k.startsWith("test.")
                      || k.startsWith("baseline.test.")
                      || k.equals("threshold")
                      || k.equals("trees")));
        }
        Run first = runs.get(0);
        if (format == Format.json) {
          ObjectNode n = RunJson.MAPPER.createObjectNode();
          ArrayNode rs = n.putArray("runs");
          runs.forEach(r -> rs.add(r.id()));
          ObjectNode metrics = n.putObject("metrics");
          for (String k : keys) {
            ObjectNode m = metrics.putObject(k);
            ArrayNode values = m.putArray("values");
            ArrayNode deltas = m.putArray("deltas");
            for (Run r : runs) {
              double v = RunReport.metric(r, k);
              double d = v - RunReport.metric(first, k);
              values.add(Double.isFinite(v) ? v : null);
              deltas.add(Double.isFinite(d) ? d : null);
            }
          }
          ObjectNode params = n.putObject("params");
          differingParams(runs)
              .forEach(
                  p -> {
                    ArrayNode a = params.putArray(p);
                    runs.forEach(r -> a.add(r.params().get(p)));
                  });
          System.out.println(n.toPrettyString());
          return 0;
        }
        List<String> header = new ArrayList<>(List.of("METRIC"));
        for (int i = 0; i < runs.size(); i++) {
          header.add(runs.get(i).id().substring(0, 8));
          if (i > 0) {
            header.add("DELTA");
          }
        }
        Table t = new Table(header.toArray(String[]::new));
        for (String k : keys) {
          List<String> row = new ArrayList<>(List.of(k));
          for (int i = 0; i < runs.size(); i++) {
            double v = RunReport.metric(runs.get(i), k);
            row.add(RunReport.num(v));
            if (i > 0) {
              row.add(RunReport.signed(v - RunReport.metric(first, k)));
            }
          }
          t.row(row.toArray(String[]::new));
        }
        for (String p : differingParams(runs)) {
          List<String> row = new ArrayList<>(List.of("param " + p));
          for (int i = 0; i < runs.size(); i++) {
            row.add(String.valueOf(runs.get(i).params().get(p)));
            if (i > 0) {
              row.add("");
            }
          }
          t.row(row.toArray(String[]::new));
        }
        System.out.print(t.render());
      }
      return 0;
    }

    private static List<String> differingParams(List<Run> runs) {
      Set<String> keys = new LinkedHashSet<>();
      runs.forEach(r -> keys.addAll(r.params().keySet()));
      return keys.stream()
          .filter(
              k -> runs.stream().map(r -> String.valueOf(r.params().get(k))).distinct().count() > 1)
          .toList();
    }
  }

  /** {@code kairos runs export RUN}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Logs a finished run (and its model version) to the MLflow tracking server of kairos.yaml (tracking.mlflow_uri), e.g. after it was down.")
  static final class Export implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "Run id, or its first characters.")
    String id;

    @Mixin RepoOptions repo;

    @Override
    public Integer call() {
      try (FeatureStore fs = Repos.open(repo)) {
        if (fs.config().tracking().mlflowUri() == null) {
          throw KairosException.user(
              "no MLflow tracking server is configured; set tracking: {mlflow_uri: http://HOST:PORT} in kairos.yaml");
        }
        Models models = Models.of(fs);
        Run r = models.runs().require(id);
        Tracking.export(fs, models, r);
      }
      return 0;
    }
  }
}
