package dev.kairos.cli.commands;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned columns sized to their content. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(cells);
  }

  String render() {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], cell(r, i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        line.append(
            i == cols - 1 ? cell(r, i) : String.format("%-" + width[i] + "s  ", cell(r, i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String cell(String[] r, int i) {
    return i < r.length && r[i] != null ? r[i] : "";
  }
}
