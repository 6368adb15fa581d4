package dev.kairos.quality.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kairos.api.KairosException;
import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import dev.kairos.quality.UnexpectedRow;
import dev.kairos.quality.ValidationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders validation reports as text for people and as GE-like JSON for machines. */
public final class ReportRenderer {
  private static final int OBSERVED_WIDTH = 24;

  private ReportRenderer() {}

  public static String text(ValidationReport r) {
    StringBuilder out = new StringBuilder();
    String where = " (suite '" + r.suiteName() + "' from " + r.suiteOrigin() + ")";
    if (r.readError() != null) {
      return out.append("Validation FAILED: ")
          .append(r.readError())
          .append(where)
          .append('\n')
          .toString();
    }
    int failed = r.failures().size();
    out.append(failed == 0 ? "Validation passed: " : "Validation FAILED: ")
        .append(failed == 0 ? "all " + r.results().size() : failed + " of " + r.results().size())
        .append(" expectations ")
        .append(failed == 0 ? "met" : "failed")
        .append(" on ")
        .append(r.batchName())
        .append(", ")
        .append(r.rowCount())
        .append(r.rowCount() == 1 ? " row" : " rows")
        .append(where)
        .append("\n\n");
    table(r.results(), out);
    if (failed > 0) {
      out.append("\nFailures:\n");
      r.failures().forEach(f -> failure(f, out));
    }
    return out.toString();
  }

  private static void table(List<ExpectationResult> results, StringBuilder out) {
    int typeWidth = "expectation".length();
    int columnWidth = "column".length();
    for (ExpectationResult e : results) {
      typeWidth = Math.max(typeWidth, e.config().type().length());
      columnWidth = Math.max(columnWidth, Math.min(24, e.config().column().length()));
    }
    String format =
        "%-3s %-" + typeWidth + "s  %-" + columnWidth + "s  %-6s  %-" + OBSERVED_WIDTH + "s  %s";
    out.append(
            String.format(
                    Locale.ROOT,
                    format,
                    "#",
                    "expectation",
                    "column",
                    "result",
                    "observed",
                    "unexpected")
                .stripTrailing())
        .append('\n');
    for (ExpectationResult e : results) {
      String line =
          String.format(
              Locale.ROOT,
              format,
              e.config().index(),
              e.config().type(),
              clip(e.config().column(), 24),
              e.success() ? "pass" : "FAIL",
              clip(observed(e.observedValue()), OBSERVED_WIDTH),
              unexpected(e));
      out.append(line.stripTrailing()).append('\n');
    }
  }

  private static void failure(ExpectationResult e, StringBuilder out) {
    out.append("  #").append(e.config().index()).append(' ').append(call(e.config()));
    if (e.unexpectedCount() != null && e.unexpectedCount() > 0) {
      out.append(": ").append(unexpected(e)).append(" unexpected");
    }
    out.append('\n');
    if (e.details() != null) {
      out.append("      ").append(e.details()).append('\n');
    }
    for (UnexpectedRow row : e.examples()) {
      out.append("      line ")
          .append(row.line())
          .append(": ")
          .append(value(row.value()))
          .append('\n');
    }
    long more = e.unexpectedCount() == null ? 0 : e.unexpectedCount() - e.examples().size();
    if (more > 0) {
      out.append("      … and ").append(more).append(" more\n");
    }
  }

  /** {@code type(kwarg=value, …)} as the suite author wrote it. */
  static String call(ExpectationConfig c) {
    List<String> args = new ArrayList<>();
    c.kwargs()
        .forEach((k, v) -> args.add(k + "=" + (v instanceof String s ? s : SuiteParser.json(v))));
    return c.type() + "(" + String.join(", ", args) + ")";
  }

  private static String unexpected(ExpectationResult e) {
    if (e.unexpectedCount() == null) {
      return "";
    }
    return e.unexpectedCount()
        + " ("
        + String.format(Locale.ROOT, "%.2f", e.unexpectedPercent())
        + "%)";
  }

  private static String observed(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      return Values.text(Math.round(d * 10_000) / 10_000.0);
    }
    if (v instanceof List<?> l) {
      return l.size() + " columns";
    }
    return v.toString();
  }

  private static String value(Object v) {
    if (v == null) {
      return "(missing)";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(Values.isMissing(x) ? "(missing)" : quoteIfBlank(Values.text(x))));
      return String.join(", ", parts);
    }
    return quoteIfBlank(Values.text(v));
  }

  // Values with surrounding spaces or line breaks would be invisible or break the layout.
  private static String quoteIfBlank(String s) {
    return s.isBlank() || !s.strip().equals(s) || s.contains("\n") ? SuiteParser.json(s) : s;
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "…";
  }

  public static String json(ValidationReport r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("success", r.success());
    long ok = r.results().stream().filter(ExpectationResult::success).count();
    int n = r.results().size();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("evaluated_expectations", n);
    stats.put("successful_expectations", ok);
    stats.put("unsuccessful_expectations", n - ok);
    stats.put("success_percent", n == 0 ? null : 100.0 * ok / n);
    root.put("statistics", stats);
    List<Object> results = new ArrayList<>();
    r.results().forEach(e -> results.add(result(e)));
    root.put("results", results);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("expectation_suite_name", r.suiteName());
    meta.put("suite_file", r.suiteOrigin());
    meta.put("batch", r.batchName());
    meta.put("run_time", r.runAt().toString());
    meta.put("row_count", r.rowCount());
    root.put("meta", meta);
    if (r.readError() != null) {
      root.put(
          "exception_info", Map.of("raised_exception", true, "exception_message", r.readError()));
    }
    try {
      return SuiteParser.JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot render the validation report as JSON", e);
    }
  }

  private static Map<String, Object> result(ExpectationResult e) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("expectation_type", e.config().type());
    config.put("kwargs", e.config().kwargs());
    config.put("meta", e.config().meta());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("observed_value", e.observedValue());
    if (e.unexpectedCount() != null) {
      result.put("element_count", e.elementCount());
      result.put("missing_count", e.missingCount());
      result.put("unexpected_count", e.unexpectedCount());
      result.put("unexpected_percent", e.unexpectedPercent());
      result.put("partial_unexpected_list", e.examples().stream().map(u -> u.value()).toList());
      result.put(
          "partial_unexpected_index_list", e.examples().stream().map(UnexpectedRow::line).toList());
    }
    if (e.details() != null) {
      result.put("details", e.details());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("expectation_config", config);
    out.put("success", e.success());
    out.put("result", result);
    return out;
  }
}
