package dev.kairos.core.definitions;

import dev.kairos.api.ValueType;
import dev.kairos.core.definitions.Declared.ExpressionDecl;
import dev.kairos.core.definitions.Declared.FieldDecl;
import dev.kairos.core.definitions.Declared.Named;
import dev.kairos.core.definitions.Declared.OnDemandDecl;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads one {@code on_demand_views:} entry: {@code name}, {@code request} fields ({@code {name,
 * type}}) and {@code features} ({@code {name, type, expression}}). References inside expressions
 * are checked by {@link OnDemandValidator}.
 */
final class OnDemandParser {
  static final List<String> KEYS = List.of("name", "description", "request", "features");
  static final List<String> FEATURE = List.of("name", "type", "expression");

  private final DefinitionsParser parser;
  private final String file;
  private final Problems problems;

  OnDemandParser(DefinitionsParser parser, String file, Problems problems) {
    this.parser = parser;
    this.file = file;
    this.problems = problems;
  }

  /** Null when the view has no valid name (reported). */
  OnDemandDecl parse(YamlMap m) {
    Named name = parser.name(m, "on-demand view");
    List<FieldDecl> request =
        m.has("request") ? parser.fields(m, "request", "request fields") : List.of();
    List<ExpressionDecl> features = new ArrayList<>();
    List<Node> nodes =
        m.requiredList(
            "features", "[{name: amount_ratio, type: DOUBLE, expression: \"request.amount / 2\"}]");
    if (nodes != null && nodes.isEmpty()) {
      problems.add(
          m.pos("features"),
          m.label() + " has no features; list at least one {name, type, expression}");
    }
    if (nodes != null) {
      for (Node n : nodes) {
        YamlMap.open(file, n, m.label() + " feature", FEATURE, problems)
            .ifPresent(f -> feature(f).ifPresent(features::add));
      }
    }
    return name == null
        ? null
        : new OnDemandDecl(
            name, request == null ? List.of() : request, features, m.text("description"));
  }

  private java.util.Optional<ExpressionDecl> feature(YamlMap f) {
    Named name = parser.name(f, "feature");
    String t = f.requiredText("type", "one of " + DefinitionsParser.TYPES);
    ValueType vt = t == null ? null : parser.type(t, f.pos("type"));
    String expr =
        f.requiredText("expression", "a CEL expression such as \"request.amount > 100.0\"");
    if (expr != null && expr.isBlank()) {
      problems.add(f.pos("expression"), "the expression of " + f.label() + " is empty");
      expr = null;
    }
    if (name == null || expr == null) {
      return java.util.Optional.empty();
    }
    Node node = f.node("expression").orElseThrow();
    return java.util.Optional.of(
        new ExpressionDecl(name, vt, expr, f.pos("expression"), shift(node)));
  }

  /**
   * Columns between where the node starts and its text's first character, or -1 when offsets in the
   * text do not map to columns (a block scalar or a value over several lines).
   */
  private static int shift(Node node) {
    if (!(node instanceof ScalarNode s)
        || node.getStartMark().getLine() != node.getEndMark().getLine()) {
      return -1;
    }
    ScalarStyle style = s.getScalarStyle();
    if (style == ScalarStyle.PLAIN) {
      return 0;
    }
    return style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED ? 1 : -1;
  }
}
