package dev.kairos.cli.commands;

import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.online.MaterializationSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos materialize START END}. */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    description = {
      "Writes, for every entity, its latest row with START <= event time <= END into the online store.",
      "A stored row is never replaced by an older one, so re-running is harmless."
    })
public final class MaterializeCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "START",
      description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z.")
  Instant start;

  @Parameters(index = "1", paramLabel = "END", description = "ISO-8601 instant.")
  Instant end;

  @Option(
      names = "--views",
      split = ",",
      paramLabel = "VIEW",
      description = "Only these views (default: every online view).")
  List<String> views;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo);
        MaterializeProgress progress = new MaterializeProgress(System.out)) {
      MaterializationSummary s = fs.materialize(start, end, views, progress);
      progress.close();
      System.out.println("Materialized " + s);
    }
    return 0;
  }
}
