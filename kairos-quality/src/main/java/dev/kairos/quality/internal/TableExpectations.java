package dev.kairos.quality.internal;

import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import dev.kairos.quality.UnexpectedRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Expectations over several columns, over the whole column, or over the table's shape. */
final class TableExpectations {
  private TableExpectations() {}

  /**
   * Every row whose value (or tuple of values) occurs more than once is unexpected, the first
   * occurrence included, as in Great Expectations. Rows whose values are all missing are skipped.
   */
  static final class Unique extends Evaluator.ColumnMap {
    private final int[] columns;
    private final boolean skipAnyMissing;
    private final FirstLines firstLine = new FirstLines();

    Unique(ExpectationConfig c, int[] columns) {
      super(c, columns[0]);
      this.columns = columns;
      this.skipAnyMissing = "any_value_is_missing".equals(c.kwargs().get("ignore_row_if"));
    }

    @Override
    void accept(long line, Object[] row) {
      elements++;
      Object key = key(row);
      if (key == null) {
        missing++;
        return;
      }
      String text = key instanceof String s ? s : encode((List<?>) key);
      long first = firstLine.putIfAbsent(text, line);
      if (first != FirstLines.ABSENT) {
        if (first > 0) {
          unexpected++;
          example(first, display(key));
          firstLine.replace(text, -first);
        }
        unexpected++;
        example(line, display(key));
      }
    }

    /** A tuple as one text that no other tuple gives: each value's length before it, null apart. */
    private static String encode(List<?> key) {
      StringBuilder out = new StringBuilder();
      for (Object v : key) {
        if (v == null) {
          out.append('\u0001');
        } else {
          String t = (String) v;
          out.append(t.length()).append('\u0000').append(t);
        }
      }
      return out.toString();
    }

    private Object key(Object[] row) {
      if (columns.length == 1) {
        Object v = cell(row, columns[0]);
        return Values.isMissing(v) ? null : Values.text(v);
      }
      List<String> key = Arrays.asList(new String[columns.length]);
      int present = 0;
      for (int i = 0; i < columns.length; i++) {
        Object v = cell(row, columns[i]);
        if (!Values.isMissing(v)) {
          key.set(i, Values.text(v));
          present++;
        }
      }
      boolean skip = skipAnyMissing ? present < columns.length : present == 0;
      return skip ? null : key;
    }

    private Object display(Object key) {
      return key instanceof List<?> l ? List.copyOf(l.stream().map(Values::text).toList()) : key;
    }

    @Override
    boolean expected(Object value) {
      return true;
    }

    @Override
    ExpectationResult finish(long rowCount) {
      examples.sort(Comparator.comparingLong(UnexpectedRow::line));
      return super.finish(rowCount);
    }
  }

  /** Column A greater than (or equal to) column B, compared as numbers or as timestamps. */
  static final class PairGreater extends Evaluator.ColumnMap {
    private final int b;
    private final boolean orEqual;
    private final String ignoreIf;

    PairGreater(ExpectationConfig c, int a, int b) {
      super(c, a);
      this.b = b;
      this.orEqual = Boolean.TRUE.equals(c.kwargs().get("or_equal"));
      this.ignoreIf = (String) c.kwargs().getOrDefault("ignore_row_if", "both_values_are_missing");
    }

    @Override
    void accept(long line, Object[] row) {
      elements++;
      Object va = cell(row, column);
      Object vb = cell(row, b);
      boolean ma = Values.isMissing(va);
      boolean mb = Values.isMissing(vb);
      if (ignored(ignoreIf, ma, mb)) {
        missing++;
      } else if (ma || mb || !greater(va, vb, orEqual)) {
        unexpected++;
        example(line, Arrays.asList(va, vb));
      }
    }

    /** Whether {@code ignore_row_if} skips a row with these missing values. */
    static boolean ignored(String ignoreIf, boolean missingA, boolean missingB) {
      return switch (ignoreIf) {
        case "either_value_is_missing" -> missingA || missingB;
        case "neither", "never" -> false;
        default -> missingA && missingB;
      };
    }

    /** A > B (or >= with {@code orEqual}) as numbers, else as timestamps; false if neither. */
    static boolean greater(Object va, Object vb, boolean orEqual) {
      double x = Values.number(va);
      double y = Values.number(vb);
      if (Double.isNaN(x) || Double.isNaN(y)) {
        long tx = Values.epochMicros(va);
        long ty = Values.epochMicros(vb);
        if (tx == Long.MIN_VALUE || ty == Long.MIN_VALUE) {
          return false;
        }
        return orEqual ? tx >= ty : tx > ty;
      }
      return orEqual ? x >= y : x > y;
    }

    @Override
    boolean expected(Object value) {
      return true;
    }
  }

  enum Stat {
    MEAN,
    MIN,
    MAX
  }

  /** Mean, minimum or maximum of a column's numeric values within bounds. */
  static final class ColumnStat extends Evaluator {
    private final int column;
    private final Stat stat;
    private final RowExpectations.Bounds bounds;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    ColumnStat(ExpectationConfig c, int column, Stat stat) {
      super(c);
      this.column = column;
      this.stat = stat;
      this.bounds = RowExpectations.Bounds.of(c.kwargs());
    }

    @Override
    void accept(long line, Object[] row) {
      double d = Values.number(cell(row, column));
      if (!Double.isNaN(d)) {
        count++;
        sum += d;
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
    }

    @Override
    ExpectationResult finish(long rowCount) {
      if (count == 0) {
        return aggregate(false, null, "no numeric value in the column");
      }
      double v =
          switch (stat) {
            case MEAN -> sum / count;
            case MIN -> min;
            case MAX -> max;
          };
      return aggregate(bounds.containsValue(v), v, null);
    }
  }

  static final class RowCount extends Evaluator {
    private final RowExpectations.Bounds bounds;

    RowCount(ExpectationConfig c) {
      super(c);
      this.bounds = RowExpectations.Bounds.of(c.kwargs());
    }

    @Override
    void accept(long line, Object[] row) {}

    @Override
    ExpectationResult finish(long rowCount) {
      return aggregate(bounds.containsValue(rowCount), rowCount, null);
    }
  }

  /** Schema expectations: decided from the header alone. */
  static final class Schema extends Evaluator {
    private final boolean success;
    private final Object observed;
    private final String details;

    Schema(ExpectationConfig c, List<String> header) {
      super(c);
      List<String> expected =
          stringList(c.kwargs().getOrDefault("column_list", c.kwargs().get("column_set")));
      switch (c.type()) {
        case "expect_column_to_exist" -> {
          String column = (String) c.kwargs().get("column");
          Object index = c.kwargs().get("column_index");
          int at = header.indexOf(column);
          success = at >= 0 && (index == null || ((Number) index).intValue() == at);
          observed = null;
          details = success ? null : existDetails(column, at, index, header);
        }
        case "expect_table_columns_to_match_set" -> {
          Set<String> missing = new LinkedHashSet<>(expected);
          missing.removeAll(header);
          Set<String> extra = new LinkedHashSet<>(header);
          extra.removeAll(expected);
          boolean exact = !Boolean.FALSE.equals(c.kwargs().get("exact_match"));
          success = missing.isEmpty() && (!exact || extra.isEmpty());
          observed = header;
          details = success ? null : setDetails(missing, exact ? extra : Set.of());
        }
        default -> {
          success = header.equals(expected);
          observed = header;
          details = success ? null : orderDetails(expected, header);
        }
      }
    }

    @Override
    void accept(long line, Object[] row) {}

    @Override
    ExpectationResult finish(long rowCount) {
      return aggregate(success, observed, details);
    }

    private static String existDetails(String column, int at, Object index, List<String> header) {
      if (at < 0) {
        String near = Suggest.nearest(column, header);
        return "column '"
            + column
            + "' is not in the file"
            + (near == null ? "" : " (did you mean '" + near + "'?)");
      }
      return "column '" + column + "' is at index " + at + ", expected " + index;
    }

    private static String setDetails(Set<String> missing, Set<String> extra) {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add("missing columns " + missing);
      }
      if (!extra.isEmpty()) {
        parts.add("unexpected columns " + extra);
      }
      return String.join("; ", parts);
    }

    private static String orderDetails(List<String> expected, List<String> header) {
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(header);
      Set<String> extra = new LinkedHashSet<>(header);
      extra.removeAll(expected);
      if (!missing.isEmpty() || !extra.isEmpty()) {
        return setDetails(missing, extra);
      }
      for (int i = 0; i < Math.min(expected.size(), header.size()); i++) {
        if (!expected.get(i).equals(header.get(i))) {
          return "column "
              + (i + 1)
              + " is '"
              + header.get(i)
              + "', expected '"
              + expected.get(i)
              + "' (same columns, different order)";
        }
      }
      return "the file repeats columns";
    }

    static List<String> stringList(Object o) {
      List<String> out = new ArrayList<>();
      if (o instanceof List<?> l) {
        l.forEach(e -> out.add(String.valueOf(e)));
      }
      return out;
    }
  }
}
