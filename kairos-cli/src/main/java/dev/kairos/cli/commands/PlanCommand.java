package dev.kairos.cli.commands;

import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.registry.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos plan}: what apply would change. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Validates the definition files and shows what 'apply' would change. Changes nothing.")
public final class PlanCommand implements Callable<Integer> {
  @Mixin RepoOptions repo;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      Plan plan = fs.plan();
      System.out.print(format == Format.json ? plan.toJson() + "\n" : plan.render());
    }
    return 0;
  }
}
