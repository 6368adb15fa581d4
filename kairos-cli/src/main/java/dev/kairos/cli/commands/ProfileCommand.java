package dev.kairos.cli.commands;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.quality.Batch;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.Profiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos profile FILE --output suite.json}. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description =
        "Proposes an expectation suite from a known-good batch, for you to review and edit.")
public final class ProfileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "A known-good CSV or Parquet file.")
  Path file;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "SUITE",
      description = "Where to write the suite JSON.")
  Path output;

  @Option(names = "--name", description = "Suite name (default: the file name without extension).")
  String name;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    String fileName = file.getFileName().toString();
    String suiteName = name != null ? name : fileName.replaceFirst("\\.[^.]*$", "");
    ExpectationSuite suite = new Profiler(Clock.systemUTC()).profile(suiteName, Batch.of(file));
    try {
      if (output.toAbsolutePath().getParent() != null) {
        Files.createDirectories(output.toAbsolutePath().getParent());
      }
      Files.writeString(output, suite.toJson() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "cannot write " + output + ": " + e.getMessage(), e);
    }
    System.out.printf(
        "Wrote a suite of %d expectations to %s; review it before use.%n",
        suite.expectations().size(), output);
    return 0;
  }
}
