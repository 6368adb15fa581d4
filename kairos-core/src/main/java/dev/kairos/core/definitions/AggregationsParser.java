package dev.kairos.core.definitions;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Window;
import dev.kairos.core.definitions.Declared.AggDecl;
import dev.kairos.core.definitions.Declared.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a feature view's {@code aggregations:} entries, {@code {column, function, windows, name?}},
 * into one {@link AggDecl} per window. What can be checked without the source (function names,
 * window syntax and bounds, {@code name:} with several windows) is reported here; columns and types
 * are checked by {@link AggregationChecks}.
 */
final class AggregationsParser {
  static final List<String> KEYS = List.of("column", "function", "windows", "name");
  static final String FUNCTIONS =
      Arrays.stream(AggregationFunction.values())
          .map(AggregationFunction::id)
          .collect(Collectors.joining(", "));
  private static final String WINDOW_HINT =
      "write a duration like 30s, 10m, 1h, 7d or 1d12h (at most "
          + Window.MAX.toDays()
          + "d), or lifetime for every event";

  private final DefinitionsParser parser;
  private final String file;
  private final Problems problems;

  AggregationsParser(DefinitionsParser parser, String file, Problems problems) {
    this.parser = parser;
    this.file = file;
    this.problems = problems;
  }

  /** The aggregation features of {@code view}; empty when it declares none. */
  List<AggDecl> parse(YamlMap view) {
    List<AggDecl> out = new ArrayList<>();
    List<Node> entries =
        view.list("aggregations", "[{column: amount, function: sum, windows: [1h, 1d]}]");
    if (entries == null) {
      return out;
    }
    String where = view.label();
    for (Node n : entries) {
      YamlMap.open(file, n, "aggregation of " + where, KEYS, problems)
          .ifPresent(m -> entry(m, where, out));
    }
    return out;
  }

  private void entry(YamlMap m, String where, List<AggDecl> out) {
    String column = m.requiredText("column", "the source field to aggregate, such as amount");
    String fnText = m.requiredText("function", "one of " + FUNCTIONS);
    AggregationFunction fn = fnText == null ? null : function(fnText, m.pos("function"), where);
    List<Node> windowNodes = m.requiredList("windows", "[10m, 1h, 1d]");
    String nameText = m.text("name");
    Named name = nameText == null ? null : new Named(nameText, m.pos("name"));
    if (name != null) {
      parser.checkName(name, "aggregation name");
    }
    if (windowNodes == null || column == null) {
      return;
    }
    if (windowNodes.isEmpty()) {
      problems.add(
          m.pos("windows"),
          "aggregation of " + where + " has no windows; list some, like [1h, 1d]");
    }
    if (name != null && windowNodes.size() > 1) {
      problems.add(
          name.pos(),
          "name '"
              + name.name()
              + "' of an aggregation in "
              + where
              + " can only name one window, but the entry lists "
              + windowNodes.size()
              + "; remove name (the features are then called "
              + column
              + "_<function>_<window>) or write one entry per window");
      name = null;
    }
    Named col = new Named(column, m.pos("column"));
    for (Node w : windowNodes) {
      String text = m.scalar(w, "each window of an aggregation in " + where);
      Pos at = Pos.of(file, w);
      Window window = text == null ? null : window(text.trim(), at, where);
      if (fn == null || window == null) {
        // Already reported; a null name tells later checks this view's feature names are unknown.
        out.add(new AggDecl(col, fn, m.pos("function"), null, null));
        continue;
      }
      Named feature =
          name != null ? name : new Named(Aggregation.defaultName(column, fn, window), at);
      out.add(new AggDecl(col, fn, m.pos("function"), window, feature));
    }
  }

  private AggregationFunction function(String text, Pos pos, String where) {
    AggregationFunction fn = AggregationFunction.parse(text).orElse(null);
    if (fn == null) {
      List<String> ids =
          Arrays.stream(AggregationFunction.values()).map(AggregationFunction::id).toList();
      problems.add(
          pos,
          "unknown aggregation function '"
              + text
              + "' in "
              + where
              + Suggestions.nearest(text, ids)
                  .map(s -> "; did you mean '" + s + "'? (functions: " + FUNCTIONS + ")")
                  .orElse("; functions: " + FUNCTIONS));
    }
    return fn;
  }

  /** A window, or null when it is malformed, zero or too long (reported). */
  Window window(String text, Pos pos, String where) {
    if (text.equals("lifetime")) {
      return Window.LIFETIME;
    }
    Duration d = Ttl.parse(text).orElse(null);
    if (d == null) {
      problems.add(pos, "bad window '" + text + "' in " + where + "; " + WINDOW_HINT);
      return null;
    }
    if (d.isZero()) {
      problems.add(pos, "window '" + text + "' in " + where + " covers no events; " + WINDOW_HINT);
      return null;
    }
    if (d.compareTo(Window.MAX) > 0) {
      problems.add(
          pos,
          "window '"
              + text
              + "' in "
              + where
              + " is longer than the limit of "
              + Window.MAX.toDays()
              + "d; use a shorter window, or lifetime for every event");
      return null;
    }
    return Window.of(d);
  }
}
