package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.analytics.AnalyticsTable;
import java.util.List;
import java.util.Locale;

/** Renders an analytics table as a text table, JSON or CSV. */
public final class AnalyticsFormat {
  private AnalyticsFormat() {}

  public static String render(AnalyticsTable t, String format) {
    return switch (format) {
      case "json" -> json(t);
      case "csv" -> csv(t);
      default -> table(t, t.columns().size());
    };
  }

  /** A text table of the first {@code columns} columns. */
  public static String table(AnalyticsTable t, int columns) {
    if (t.rows().isEmpty()) {
      return "No rows; run kairos analytics refresh, or widen the filters.\n";
    }
    Table out = new Table(t.columns().subList(0, columns).toArray(String[]::new));
    for (List<Object> r : t.rows()) {
      String[] cells = new String[columns];
      for (int i = 0; i < columns; i++) {
        cells[i] = text(r.get(i), t.columns().get(i));
      }
      out.row(cells);
    }
    return out.render();
  }

  static String text(Object v, String column) {
    if (v == null) {
      return column.equals("category") || column.equals("country") ? "(all)" : "-";
    }
    if (v instanceof Double d) {
      return column.endsWith("rate") || column.endsWith("score") || column.endsWith("_pct")
          ? String.format(Locale.ROOT, "%.4f", d)
          : String.format(Locale.ROOT, "%.2f", d);
    }
    return v.toString();
  }

  static String json(AnalyticsTable t) {
    ObjectNode n = Repos.JSON.createObjectNode();
    n.put("view", t.view());
    ArrayNode rows = n.putArray("rows");
    for (List<Object> r : t.rows()) {
      ObjectNode o = rows.addObject();
      for (int i = 0; i < r.size(); i++) {
        o.set(t.columns().get(i), Repos.JSON.valueToTree(r.get(i)));
      }
    }
    return n.toPrettyString() + "\n";
  }

  static String csv(AnalyticsTable t) {
    StringBuilder out = new StringBuilder(String.join(",", t.columns())).append('\n');
    for (List<Object> r : t.rows()) {
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        String s = v == null ? "" : v.toString();
        out.append(i == 0 ? "" : ",")
            .append(
                s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
