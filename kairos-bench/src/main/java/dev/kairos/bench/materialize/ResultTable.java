package dev.kairos.bench.materialize;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The measurements of one run, each Kairos figure followed by its store's ceilings. */
final class ResultTable {
  private record Line(String what, long rows, double rowsPerSecond, boolean ceiling, String cpu) {}

  private final List<Line> lines = new ArrayList<>();

  void add(String what, long rows, long nanos, String cpu) {
    lines.add(new Line(what, rows, rows / (nanos / 1e9), false, cpu));
    print(lines.get(lines.size() - 1));
  }

  void ceiling(String what, long rows, long nanos, String cpu) {
    ceilingRate(what, rows, rows / (nanos / 1e9), cpu);
  }

  void ceilingRate(String what, long rows, double rowsPerSecond, String cpu) {
    lines.add(new Line(what, rows, rowsPerSecond, true, cpu));
    print(lines.get(lines.size() - 1));
  }

  private static void print(Line l) {
    System.out.printf("%-100s %,12.0f rows/s  CPU %s%n", l.what(), l.rowsPerSecond(), l.cpu());
  }

  String markdown(BenchOptions options, String command) {
    StringBuilder md = new StringBuilder("# Materialization benchmark\n\n");
    md.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
    md.append("- machine: ").append(Machine.describe()).append('\n');
    md.append("- command: `").append(command).append("`\n");
    md.append("- rows: entity rows written to the online store (distinct users of the fraud")
        .append(" template's `user_last_transaction` view, 5 features); the offline table holds ")
        .append(options.versions())
        .append(" versions per user, the latest is materialized\n\n");
    md.append(
        "- CPU: seconds of CPU the phase used in the benchmark's JVM (Kairos, DuckDB, RocksDB) and in"
            + " redis-server; the machine is shared, so rows/s moves with its load and the same-run"
            + " ratios are the figures to compare\n\n");
    md.append(
        "| measurement | rows | rows/s | Kairos / ceiling | CPU s (JVM / redis-server) |\n"
            + "|---|---:|---:|---:|---|\n");
    Line kairos = null;
    for (Line l : lines) {
      String ratio = "";
      if (l.ceiling() && kairos != null) {
        ratio = String.format("%.2f", kairos.rowsPerSecond() / l.rowsPerSecond());
      } else if (!l.ceiling()) {
        kairos = l.what().startsWith("Kairos materialize") ? l : kairos;
      }
      md.append(
          String.format(
              "| %s | %,d | %,.0f | %s | %s |%n",
              l.what(), l.rows(), l.rowsPerSecond(), ratio, l.cpu()));
    }
    return md.toString();
  }
}
