package dev.kairos.cli.commands;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos describe NAME}: one applied object in full. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = "Shows an applied entity, source, view, on-demand view or service in full.")
public final class DescribeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "Name of the object.")
  String name;

  @Mixin RepoOptions repo;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      Definitions d = fs.definitions();
      List<Map<String, Object>> found = new ArrayList<>();
      d.entity(name).ifPresent(e -> found.add(Objects.entity(e)));
      d.source(name).ifPresent(s -> found.add(Objects.source(s)));
      d.view(name).ifPresent(v -> found.add(Objects.view(d, v)));
      d.onDemandView(name).ifPresent(v -> found.add(Objects.onDemand(v)));
      d.service(name).ifPresent(s -> found.add(Objects.service(d, s)));
      if (found.isEmpty()) {
        throw KairosException.notFound(
            "no entity, source, view, on-demand view or service is named '"
                + name
                + "'; see kairos list views");
      }
      if (format == Format.json) {
        System.out.println(Repos.json(found.size() == 1 ? found.get(0) : found));
      } else {
        found.forEach(m -> print(m, ""));
      }
    }
    return 0;
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> m, String indent) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
        System.out.println(indent + e.getKey() + ":");
        for (Object item : list) {
          Map<String, Object> f = (Map<String, Object>) item;
          System.out.println(indent + "  - " + member(f));
        }
      } else {
        System.out.println(indent + e.getKey() + ": " + (v == null ? "-" : v));
      }
    }
    System.out.println();
  }

  /**
   * {@code amount DOUBLE}; {@code amount_sum_1h DOUBLE = sum(amount) over 1h}; {@code is_night BOOL
   * = request_time.getHours() < 6}.
   */
  private static String member(Map<String, Object> f) {
    String head = f.get("name") + " " + f.get("type");
    if (f.containsKey("function")) {
      return head + " = " + f.get("function") + "(" + f.get("column") + ") over " + f.get("window");
    }
    return f.containsKey("expression") ? head + " = " + f.get("expression") : head;
  }
}
