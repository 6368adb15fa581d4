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

/** {@code kairos materialize-incremental END}. */
@Command(
    name = "materialize-incremental",
    mixinStandardHelpOptions = true,
    description = "Materializes each online view from its stored watermark up to END.")
public final class MaterializeIncrementalCommand implements Callable<Integer> {
  @Parameters(paramLabel = "END", description = "ISO-8601 instant.")
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
      MaterializationSummary s = fs.materializeIncremental(end, views, progress);
      progress.close();
      System.out.println("Materialized " + s);
    }
    return 0;
  }
}
