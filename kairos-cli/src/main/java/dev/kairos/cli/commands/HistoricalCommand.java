package dev.kairos.cli.commands;

import dev.kairos.api.FeatureRef;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.core.offline.HistoricalResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos historical}: a point-in-time correct training set. */
@Command(
    name = "historical",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a point-in-time correct training set: one output row per input row, in input order.",
      "For every entity row (keys, event_timestamp t) each feature takes the latest source value"
          + " with event time <= t and >= t - ttl (ttl > 0)."
    })
public final class HistoricalCommand implements Callable<Integer> {
  @Option(
      names = "--entities",
      required = true,
      paramLabel = "FILE",
      description = "CSV or Parquet file with join keys, event_timestamp and any other columns.")
  Path entities;

  @ArgGroup(exclusive = true, multiplicity = "1")
  FeatureSelection selection;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Output .csv or .parquet file.")
  Path output;

  @Option(names = "--full-feature-names", description = "Name feature columns view__feature.")
  boolean fullFeatureNames;

  @Option(
      names = "--as-of-created",
      description = "Hide source rows created after the entity row's time.")
  boolean asOfCreated;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      HistoricalResult r =
          fs.historical(
              new HistoricalRequest(
                  entities.toAbsolutePath(),
                  selection.refs(),
                  selection.service,
                  output.toAbsolutePath(),
                  fullFeatureNames,
                  asOfCreated));
      System.out.printf(
          Locale.ROOT,
          "Wrote %,d row%s x %d columns to %s in %.2f s.%n",
          r.rows(),
          r.rows() == 1 ? "" : "s",
          r.columns().size(),
          output,
          r.took().toNanos() / 1e9);
    }
    return 0;
  }

  /** Either explicit references or a service. */
  static final class FeatureSelection {
    @Option(
        names = "--features",
        split = ",",
        paramLabel = "VIEW:FEATURE",
        description = "Comma-separated references view:feature (view:* for all).")
    List<String> features;

    @Option(names = "--service", paramLabel = "NAME", description = "A feature service.")
    String service;

    List<FeatureRef> refs() {
      if (features == null) {
        return List.of();
      }
      try {
        return features.stream().map(String::trim).map(FeatureRef::parse).toList();
      } catch (IllegalArgumentException e) {
        throw dev.kairos.api.KairosException.user(e.getMessage() + " (in --features)");
      }
    }
  }
}
