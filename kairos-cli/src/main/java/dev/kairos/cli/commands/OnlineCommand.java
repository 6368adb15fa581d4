package dev.kairos.cli.commands;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.ValueText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos online}: looks entities up in the online store, as the feature server does. */
@Command(
    name = "online",
    mixinStandardHelpOptions = true,
    description = {
      "Reads features from the online store, with each value's status, event time and age.",
      "Statuses: PRESENT, NULL_VALUE, NOT_FOUND, or OUTSIDE_MAX_AGE when older than the view's"
          + " ttl."
    })
public final class OnlineCommand implements Callable<Integer> {
  @Option(
      names = "--entity",
      required = true,
      paramLabel = "KEY=VALUE[,KEY=VALUE]",
      description = "An entity row, e.g. user_id=1001 (repeat for more rows).")
  List<String> entities;

  @Option(
      names = "--request",
      paramLabel = "FIELD=VALUE[,FIELD=VALUE]",
      description =
          "Request data of an entity row, read by request-time features, e.g."
              + " amount=129.99,country=ES (repeat once per --entity, in the same order; one"
              + " --request applies to every row).")
  List<String> requests = List.of();

  @ArgGroup(exclusive = true, multiplicity = "1")
  HistoricalCommand.FeatureSelection selection;

  @Option(names = "--full-feature-names", description = "Name features view__feature.")
  boolean fullFeatureNames;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    try (FeatureStore fs = Repos.open(repo)) {
      Definitions d = fs.definitions();
      OnlineQuery query =
          new OnlineQuery(
              selection.refs(), selection.service, columns(d), fullFeatureNames, requestData());
      OnlineResult result = fs.onlineReader().get(query);
      Instant now = fs.clock().instant();
      if (format == Format.json) {
        System.out.println(Repos.json(OnlineJson.render(result, query.entities().size(), now)));
      } else {
        System.out.print(table(result, query, now).render());
      }
    }
    return 0;
  }

  private Map<String, List<Object>> columns(Definitions d) {
    Map<String, List<Object>> cols = new LinkedHashMap<>();
    for (int row = 0; row < entities.size(); row++) {
      for (String pair : entities.get(row).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw KairosException.user(
              "--entity '" + pair + "' is not of the form KEY=VALUE, e.g. user_id=1001");
        }
        String key = pair.substring(0, eq).trim();
        Entity entity = entityOf(d, key);
        List<Object> col = cols.computeIfAbsent(key, k -> new ArrayList<>());
        while (col.size() < row) {
          col.add(null);
        }
        col.add(value(pair, pair.substring(eq + 1).trim(), entity));
      }
    }
    return cols;
  }

  /**
   * The request data as text per field and row; the serving engine converts each value to its
   * request field's type and names the field when one does not fit.
   */
  private Map<String, List<Object>> requestData() {
    if (requests.isEmpty()) {
      return Map.of();
    }
    if (requests.size() != 1 && requests.size() != entities.size()) {
      throw KairosException.user(
          requests.size()
              + " --request options for "
              + entities.size()
              + " --entity rows; give one per row, in the same order, or one for every row");
    }
    Map<String, List<Object>> cols = new LinkedHashMap<>();
    for (int row = 0; row < entities.size(); row++) {
      String given = requests.get(requests.size() == 1 ? 0 : row);
      for (String pair : given.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw KairosException.user(
              "--request '" + pair + "' is not of the form FIELD=VALUE, e.g. amount=129.99");
        }
        List<Object> col =
            cols.computeIfAbsent(pair.substring(0, eq).trim(), k -> new ArrayList<>());
        while (col.size() < row) {
          col.add(null);
        }
        col.add(pair.substring(eq + 1).trim());
      }
    }
    cols.values()
        .forEach(
            col -> {
              while (col.size() < entities.size()) {
                col.add(null);
              }
            });
    return cols;
  }

  private static Object value(String pair, String text, Entity entity) {
    try {
      return ValueText.parse(text, entity.valueType());
    } catch (IllegalArgumentException e) {
      throw new KairosException(
          ErrorKind.USER,
          "--entity '"
              + pair
              + "': "
              + e.getMessage()
              + "; join keys of entity '"
              + entity.name()
              + "' are "
              + entity.valueType(),
          e);
    }
  }

  private static Entity entityOf(Definitions d, String joinKey) {
    return d.entities().stream()
        .filter(e -> e.joinKeys().contains(joinKey))
        .findFirst()
        .orElseThrow(
            () ->
                KairosException.user(
                    "no entity has join key '"
                        + joinKey
                        + "'; join keys: "
                        + String.join(
                            ", ",
                            d.entities().stream().flatMap(e -> e.joinKeys().stream()).toList())));
  }

  private static Table table(OnlineResult r, OnlineQuery q, Instant now) {
    Table t = new Table("ENTITY", "FEATURE", "VALUE", "STATUS", "EVENT TIME", "AGE");
    int keys = q.entities().size();
    for (int row = 0; row < q.rowCount(); row++) {
      StringBuilder entity = new StringBuilder();
      for (int k = 0; k < keys; k++) {
        entity
            .append(k > 0 ? "," : "")
            .append(r.names().get(k))
            .append('=')
            .append(r.columns().get(k).values()[row]);
      }
      for (int c = keys; c < r.columns().size(); c++) {
        OnlineResult.Column col = r.columns().get(c);
        Instant ts = col.eventTimestamps()[row];
        t.row(
            entity.toString(),
            r.names().get(c),
            ValueText.format(col.values()[row]),
            col.statuses()[row].name(),
            ts == null ? "-" : ts.toString(),
            ts == null ? "-" : age(Duration.between(ts, now)));
      }
    }
    return t;
  }

  static String age(Duration d) {
    long s = d.getSeconds();
    if (s < 0) {
      return "in the future";
    }
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172800) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
