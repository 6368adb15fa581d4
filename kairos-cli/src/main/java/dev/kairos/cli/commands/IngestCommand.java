package dev.kairos.cli.commands;

import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.offline.IngestResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kairos ingest SOURCE FILE}. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Loads a CSV or Parquet file into a source's offline table, all or nothing.",
      "The source's expectation suite (validation:) runs first; a batch that breaks it is rejected"
          + " whole (exit 2), nothing is written, and the file is kept with its report in"
          + " data/quarantine."
    })
public final class IngestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SOURCE", description = "Source name.")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "FILE",
      description = "CSV (header = field names) or Parquet file.")
  Path file;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      IngestResult r = fs.ingest(source, file.toAbsolutePath());
      double secs = r.took().toNanos() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "Loaded %,d row%s into source '%s' in %.2f s (%,.0f rows/s).%n",
          r.rows(),
          r.rows() == 1 ? "" : "s",
          r.source(),
          secs,
          secs > 0 ? r.rows() / secs : 0);
    }
    return 0;
  }
}
