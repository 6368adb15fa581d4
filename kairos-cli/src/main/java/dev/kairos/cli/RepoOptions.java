package dev.kairos.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every repository command shares. */
public final class RepoOptions {
  @Option(
      names = {"-r", "--repo"},
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Feature repository folder (holds kairos.yaml). Default: current folder.")
  public Path repo;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  public boolean verbose;
}
