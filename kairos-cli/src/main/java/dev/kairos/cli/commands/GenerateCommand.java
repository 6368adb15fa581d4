package dev.kairos.cli.commands;

import dev.kairos.cli.Progress;
import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GenerationSummary;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kairos generate}: synthetic card transactions with learnable fraud patterns. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes synthetic card transactions (CSV or Parquet by extension), deterministic for a seed.",
      "About users x days x 2.2 rows with a fraud rate near 2%%; see docs/fraud-data.md for the patterns."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--users",
      defaultValue = "1000",
      description = "Number of card holders (default ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      defaultValue = "2026-01-01T00:00:00Z",
      description = "First instant of the simulated period, ISO-8601 (default ${DEFAULT-VALUE}).")
  Instant start;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Output .csv or .parquet file.")
  Path output;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    GeneratorConfig config = new GeneratorConfig(users, days, seed, start);
    long expected = new FraudGenerator(config).estimateRows();
    GenerationSummary summary;
    try (Progress progress = new Progress(System.out, "generate", expected)) {
      summary = GeneratorOutput.write(config, output, (done, total) -> progress.update(done));
      progress.update(summary.rows());
    }
    System.out.printf(
        Locale.ROOT,
        "Wrote %,d transactions (%,d fraud, %.2f%%) to %s%n",
        summary.rows(),
        summary.fraudRows(),
        100 * summary.fraudRate(),
        output);
    return 0;
  }
}
