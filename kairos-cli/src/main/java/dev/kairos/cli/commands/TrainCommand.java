package dev.kairos.cli.commands;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.ml.Models;
import dev.kairos.ml.train.TimeSplit;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos train}: an XGBoost model on a point-in-time training set. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an XGBoost fraud classifier on exactly the features a feature service serves:"
          + " builds the training set from a labels file through point-in-time retrieval,"
          + " splits it by event time, stops early on the validation split, picks the decision"
          + " threshold there and reports the test split beside a last-value baseline.",
      "Records a run (kairos runs) and registers a model version (kairos models)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--service",
      required = true,
      paramLabel = "NAME",
      description = "Feature service the model reads.")
  String service;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description =
          "CSV or Parquet file: join keys, event_timestamp, the request fields and the label"
              + " (e.g. the transactions file).")
  Path labels;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "COLUMN",
      description = "Label column, 0 or 1.")
  String label;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name.")
  String model;

  @Option(
      names = "--params",
      paramLabel = "FILE",
      description =
          "JSON object of XGBoost parameters over the defaults, plus num_boost_round and"
              + " early_stopping_rounds.")
  Path params;

  @Option(
      names = "--split",
      defaultValue = TimeSplit.DEFAULT,
      description =
          "train,validation,test fractions of the rows by event time, or two cut times"
              + " VALIDATION_FROM,TEST_FROM (default ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--threshold",
      defaultValue = "best-f1",
      description =
          "How the decision threshold is chosen on the validation split: best-f1,"
              + " precision:0.9, recall:0.8 or fixed:0.5 (default ${DEFAULT-VALUE}).")
  String threshold;

  @Option(
      names = "--baseline",
      defaultValue = "auto",
      paramLabel = "auto|none|VIEW:FEATURE,...",
      description =
          "Features of the baseline model trained beside it (default: every last-value feature"
              + " the labels file's join keys reach).")
  String baseline;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      Models models = Models.of(fs);
      Trainer.Result r =
          models
              .trainer()
              .train(
                  new TrainRequest(
                      service,
                      labels.toAbsolutePath(),
                      label,
                      model,
                      params == null ? null : params.toAbsolutePath(),
                      split,
                      threshold,
                      baselineRefs()));
      if (format == Format.json) {
        System.out.println(RunReport.json(r.run(), r.artifactDir()));
      } else {
        System.out.print(RunReport.trained(r, fs.config().repoDir()));
      }
      Tracking.exportIfConfigured(fs, models, r.run(), r.version());
    }
    return 0;
  }

  private List<FeatureRef> baselineRefs() {
    if (baseline.equals("auto")) {
      return null;
    }
    if (baseline.equals("none")) {
      return List.of();
    }
    try {
      return List.of(baseline.split(",")).stream()
          .map(String::trim)
          .map(FeatureRef::parse)
          .toList();
    } catch (IllegalArgumentException e) {
      throw KairosException.user(e.getMessage() + " (in --baseline)");
    }
  }
}
