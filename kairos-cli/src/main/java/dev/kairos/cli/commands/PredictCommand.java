package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.serve.OfflineScorer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos predict}: offline scoring through point-in-time features. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Scores every row of an entity file as the feature server would have at the row's"
          + " event_timestamp: point-in-time features, the model's encoding, the same trees.",
      "Writes the entity columns, then probability, decision, model_version and top_reasons."
    })
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "NAME")
  String model;

  @Option(
      names = "--alias",
      paramLabel = "NAME",
      description = "Score with this alias' version (default champion).")
  String alias;

  @Option(
      names = "--model-version",
      paramLabel = "N",
      description = "Score with this model version instead of an alias.")
  Long version;

  @Option(
      names = "--entities",
      required = true,
      paramLabel = "FILE",
      description = "CSV or Parquet: join keys, event_timestamp and the request fields.")
  Path entities;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Output .csv or .parquet file.")
  Path output;

  @Option(
      names = "--top",
      defaultValue = "3",
      description =
          "Reasons per row, largest SHAP value first; 0 for none (default ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--log",
      description =
          "Also append the scores to the analytics prediction_log (keyed by the analytics"
              + " section's transaction_id column), so kairos analytics refresh shows them.")
  boolean log;

  @Mixin RepoOptions repo;

  private static long logScores(FeatureStore fs, ModelVersion v, Path scored) {
    if (fs.config().analytics() == null) {
      throw KairosException.user(
          "--log writes to the analytics prediction_log, but kairos.yaml has no analytics section;"
              + " add one (see kairos init's template) or leave out --log");
    }
    String idColumn = fs.config().analytics().transactionId();
    java.util.List<dev.kairos.analytics.LoggedPrediction> rows = new java.util.ArrayList<>();
    java.time.Instant now = fs.clock().instant();
    try (dev.kairos.core.io.TabularReader r = dev.kairos.core.io.TabularReader.open(scored)) {
      int id = r.columnIndex(idColumn);
      if (id < 0) {
        throw KairosException.user(
            "--log needs the transaction id column '" + idColumn + "' in the entity file");
      }
      int p = r.columnIndex("probability");
      for (dev.kairos.core.io.TabularRecord rec; (rec = r.next()) != null; ) {
        Object tx = rec.get(id);
        if (tx == null) {
          continue;
        }
        double score = Double.parseDouble(String.valueOf(rec.get(p)));
        rows.add(
            new dev.kairos.analytics.LoggedPrediction(
                String.valueOf(tx),
                v.model(),
                v.version(),
                score,
                v.threshold(),
                score >= v.threshold(),
                now));
      }
    }
    return dev.kairos.analytics.Analytics.of(fs).logPredictions(rows);
  }

  @Override
  public Integer call() {
    if (version != null && alias != null) {
      throw KairosException.user("give --alias or --model-version, not both");
    }
    if (top < 0) {
      throw KairosException.user("--top must be 0 or more, not " + top);
    }
    try (FeatureStore fs = Repos.open(repo)) {
      ModelRegistry reg = Models.of(fs).registry();
      String a = alias == null ? "champion" : alias;
      long n =
          version != null
              ? version
              : reg.alias(model, a)
                  .orElseThrow(
                      () ->
                          KairosException.notFound(
                              "model '"
                                  + model
                                  + "' has no version with alias '"
                                  + a
                                  + "'; promote one (kairos models promote "
                                  + model
                                  + " VERSION --alias "
                                  + a
                                  + ") or give --model-version"));
      ModelVersion v = reg.require(model, n);
      OfflineScorer.Summary s =
          new OfflineScorer(fs, reg)
              .score(v, entities.toAbsolutePath(), output.toAbsolutePath(), top);
      System.out.printf(
          Locale.ROOT,
          "Scored %,d rows with %s version %d: %,d decided as fraud (threshold %.4f). Wrote %s.%n",
          s.rows(),
          model,
          v.version(),
          s.decidedFraud(),
          v.threshold(),
          output);
      if (log) {
        long logged = logScores(fs, v, output.toAbsolutePath());
        System.out.printf(Locale.ROOT, "Logged %,d scores to prediction_log.%n", logged);
      }
    }
    return 0;
  }
}
