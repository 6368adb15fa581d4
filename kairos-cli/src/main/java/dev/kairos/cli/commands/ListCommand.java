package dev.kairos.cli.commands;

import dev.kairos.api.Aggregation;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.api.Window;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.definitions.Ttl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos list KIND}: the applied objects of one kind. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the applied entities, sources, views, on-demand views or services.")
public final class ListCommand implements Callable<Integer> {
  /** What can be listed. */
  enum Kind {
    entities,
    sources,
    views,
    on_demand_views,
    services
  }

  @Parameters(paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
  Kind kind;

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
      if (format == Format.json) {
        System.out.println(Repos.json(maps(d)));
      } else {
        Table table = table(d);
        System.out.print(table.render());
      }
    }
    return 0;
  }

  private List<Map<String, Object>> maps(Definitions d) {
    List<Map<String, Object>> out = new ArrayList<>();
    switch (kind) {
      case entities -> d.entities().forEach(e -> out.add(Objects.entity(e)));
      case sources -> d.sources().forEach(s -> out.add(Objects.source(s)));
      case views -> d.views().forEach(v -> out.add(Objects.view(d, v)));
      case on_demand_views -> d.onDemandViews().forEach(v -> out.add(Objects.onDemand(v)));
      case services -> d.services().forEach(s -> out.add(Objects.service(d, s)));
    }
    return out;
  }

  /**
   * e.g. {@code 18 (count,sum,avg; 1m..lifetime)}: how many, their functions and the window range;
   * {@code -} when none. {@code describe} lists them one by one.
   */
  private static String aggregations(FeatureView v) {
    if (!v.hasAggregations()) {
      return "-";
    }
    List<Window> windows =
        v.aggregations().stream()
            .map(Aggregation::window)
            .distinct()
            .sorted(java.util.Comparator.comparingLong(Window::micros))
            .toList();
    String range =
        windows.size() == 1
            ? windows.get(0).label()
            : windows.get(0).label() + ".." + windows.get(windows.size() - 1).label();
    return v.aggregations().size()
        + " ("
        + v.aggregations().stream()
            .map(a -> a.function().id())
            .distinct()
            .collect(Collectors.joining(","))
        + "; "
        + range
        + ")";
  }

  private Table table(Definitions d) {
    return switch (kind) {
      case entities -> {
        Table t = new Table("NAME", "JOIN KEYS", "TYPE", "DESCRIPTION");
        for (Entity e : d.entities()) {
          t.row(e.name(), String.join(",", e.joinKeys()), e.valueType().name(), e.description());
        }
        yield t;
      }
      case sources -> {
        Table t = new Table("NAME", "TABLE", "FIELDS", "TIMESTAMP", "VALIDATION");
        for (Source s : d.sources()) {
          t.row(
              s.name(),
              s.table(),
              String.valueOf(s.fields().size()),
              s.timestampField(),
              s.validation() == null ? "-" : s.validation());
        }
        yield t;
      }
      case views -> {
        Table t =
            new Table("NAME", "ENTITIES", "SOURCE", "TTL", "ONLINE", "FEATURES", "AGGREGATIONS");
        for (FeatureView v : d.views()) {
          t.row(
              v.name(),
              String.join(",", v.entities()),
              v.source(),
              Ttl.format(v.ttl()),
              String.valueOf(v.online()),
              String.valueOf(v.features().size()),
              aggregations(v));
        }
        yield t;
      }
      case on_demand_views -> {
        Table t = new Table("NAME", "REQUEST", "FEATURES");
        for (OnDemandFeatureView v : d.onDemandViews()) {
          t.row(
              v.name(),
              v.request().stream()
                  .map(f -> f.name() + ":" + f.type())
                  .collect(Collectors.joining(",")),
              v.features().stream()
                  .map(f -> f.name() + ":" + f.type())
                  .collect(Collectors.joining(",")));
        }
        yield t;
      }
      case services -> {
        Table t = new Table("NAME", "FEATURES", "REFERENCES");
        for (FeatureService s : d.services()) {
          t.row(
              s.name(),
              String.valueOf(d.resolve(s.features()).size()),
              s.features().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }
        yield t;
      }
    };
  }
}
