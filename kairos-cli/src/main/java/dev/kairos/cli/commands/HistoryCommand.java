package dev.kairos.cli.commands;

import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos history}: the applied registry versions. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Lists the applied registry versions, oldest first.")
public final class HistoryCommand implements Callable<Integer> {
  @Mixin RepoOptions repo;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      List<RegistryVersion> versions = fs.history();
      if (format == Format.json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RegistryVersion v : versions) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("version", v.version());
          m.put("applied_at", v.appliedAt().toString());
          m.put("summary", v.summary());
          out.add(m);
        }
        System.out.println(Repos.json(out));
      } else if (versions.isEmpty()) {
        System.out.println("No version applied yet; run kairos apply.");
      } else {
        System.out.printf("%-8s %-24s %s%n", "VERSION", "APPLIED AT", "SUMMARY");
        for (RegistryVersion v : versions) {
          System.out.printf(
              "%-8d %-24s %s%n",
              v.version(),
              v.appliedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              v.summary());
        }
      }
    }
    return 0;
  }
}
