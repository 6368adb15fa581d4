package dev.kairos.cli.commands;

import dev.kairos.core.init.RepoTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos init DIR}. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Creates a working fraud-detection feature repository in DIR (new or empty).")
public final class InitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Folder to create the repository in.")
  Path dir;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    List<Path> files = RepoTemplate.write(dir);
    System.out.println("Created a feature repository in " + dir + ":");
    files.forEach(f -> System.out.println("  " + f));
    System.out.println();
    System.out.println("Next: cd " + dir + " && kairos plan && kairos apply");
    return 0;
  }
}
