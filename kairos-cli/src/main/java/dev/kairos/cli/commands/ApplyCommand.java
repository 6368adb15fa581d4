package dev.kairos.cli.commands;

import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.registry.ApplyResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos apply}: stores a new registry version. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the definition files and stores them as a new registry version, atomically.",
      "Breaking changes (a feature's type, an entity's join keys, removing a feature a service"
          + " uses) are refused unless --allow-breaking is given."
    })
public final class ApplyCommand implements Callable<Integer> {
  @Mixin RepoOptions repo;

  @Option(
      names = "--allow-breaking",
      description = "Apply even when the plan has breaking changes.")
  boolean allowBreaking;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      ApplyResult result = fs.apply(allowBreaking);
      String text = result.render();
      System.out.print(text.endsWith("\n") ? text : text + "\n");
    }
    return 0;
  }
}
