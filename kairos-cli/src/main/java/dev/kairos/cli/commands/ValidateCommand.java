package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.quality.Batch;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.QualityGate;
import dev.kairos.quality.ValidationReport;
import dev.kairos.quality.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos validate}: the data-quality gate as a dry run. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a file against an expectation suite without writing anything (a dry run of ingest).",
      "Exit 0 when every expectation passes, 2 when one fails."
    })
public final class ValidateCommand implements Callable<Integer> {
  static final class Target {
    @Option(
        names = "--suite",
        paramLabel = "FILE",
        description = "Great Expectations suite JSON file.")
    Path suite;

    @Option(
        names = "--source",
        paramLabel = "NAME",
        description = "Use the suite the source declares.")
    String source;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Parameters(paramLabel = "FILE", description = "CSV or Parquet file to check.")
  Path file;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    ValidationReport report;
    if (target.suite != null) {
      report =
          new Validator(Clock.systemUTC())
              .validate(ExpectationSuite.read(target.suite), Batch.of(file));
    } else {
      try (FeatureStore fs = Repos.open(repo)) {
        Source source =
            fs.definitions()
                .source(target.source)
                .orElseThrow(
                    () -> KairosException.notFound("unknown source '" + target.source + "'"));
        if (source.validation() == null) {
          throw KairosException.user(
              "source '"
                  + source.name()
                  + "' declares no validation suite; add validation: FILE to its definition or pass --suite");
        }
        ExpectationSuite suite = QualityGate.readSuite(fs.config().repoDir(), source);
        report = new Validator(fs.clock()).validate(suite, Batch.of(file));
        QualityGate.record(fs.registryStore(), source.name(), report);
      }
    }
    System.out.print(format == Format.json ? report.toJson() + "\n" : report.toText());
    return report.success() ? 0 : 2;
  }
}
