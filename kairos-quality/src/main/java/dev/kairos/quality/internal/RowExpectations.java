package dev.kairos.quality.internal;

import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Expectations checked row by row over a single column. */
final class RowExpectations {
  private RowExpectations() {}

  static final class NotNull extends Evaluator.ColumnMap {
    NotNull(ExpectationConfig c, int column) {
      super(c, column);
    }

    @Override
    void accept(long line, Object[] row) {
      elements++;
      if (Values.isMissing(cell(row, column))) {
        unexpected++;
        example(line, null);
      }
    }

    @Override
    boolean expected(Object value) {
      return true;
    }

    @Override
    ExpectationResult finish(long rowCount) {
      return result(elements, true, null, null);
    }
  }

  /** Numeric bounds, or timestamp bounds when the bounds are timestamp strings. */
  static final class Between extends Evaluator.ColumnMap {
    private final Bounds bounds;

    Between(ExpectationConfig c, int column) {
      super(c, column);
      this.bounds = Bounds.of(c.kwargs());
    }

    @Override
    boolean expected(Object value) {
      return bounds.contains(value);
    }
  }

  static final class InSet extends Evaluator.ColumnMap {
    private final ValueSet allowed;

    InSet(ExpectationConfig c, int column) {
      super(c, column);
      this.allowed = new ValueSet((List<?>) c.kwargs().get("value_set"));
    }

    @Override
    boolean expected(Object value) {
      return allowed.contains(value);
    }
  }

  /** A {@code value_set}: text matches as written, numbers by value ("1.0" matches 1). */
  static final class ValueSet {
    private final Set<String> allowed = new HashSet<>();

    ValueSet(List<?> values) {
      for (Object v : values) {
        allowed.add(Values.text(v instanceof Number n ? new BigDecimal(n.toString()) : v));
      }
    }

    boolean contains(Object value) {
      if (value instanceof String s && allowed.contains(s)) {
        return true; // the common case, without building any text
      }
      String text = Values.text(value);
      if (allowed.contains(text)) {
        return true;
      }
      // "1.0" in a file matches 1 in the set: compare numbers by value, not by spelling.
      double d = Values.number(value);
      return !Double.isNaN(d) && allowed.contains(Values.text(d));
    }
  }

  /**
   * Columns checked by a regex usually repeat a few values (codes, categories), so the answers for
   * the first {@value #MEMO} distinct values are remembered; matching is far slower than a lookup.
   */
  static final class Regex extends Evaluator.ColumnMap {
    private static final int MEMO = 4096;
    private final Pattern pattern;
    private final Map<String, Boolean> memo = new HashMap<>();

    Regex(ExpectationConfig c, int column) {
      super(c, column);
      this.pattern = Pattern.compile((String) c.kwargs().get("regex"));
    }

    @Override
    boolean expected(Object value) {
      String text = Values.text(value);
      Boolean known = memo.get(text);
      if (known != null) {
        return known;
      }
      boolean found = pattern.matcher(text).find();
      if (memo.size() < MEMO) {
        memo.put(text, found);
      }
      return found;
    }
  }

  /** Per-value type check; the observed value is the narrowest family every value fits. */
  static final class OfType extends Evaluator.ColumnMap {
    private final TypeFamily expected;
    private boolean allInteger = true;
    private boolean allFloat = true;
    private boolean allBoolean = true;
    private boolean allTimestamp = true;

    OfType(ExpectationConfig c, int column) {
      super(c, column);
      this.expected = TypeFamily.of((String) c.kwargs().get("type_"));
    }

    @Override
    boolean expected(Object value) {
      boolean ok = expected.accepts(value);
      allInteger = allInteger && (expected == TypeFamily.INTEGER ? ok : Values.isInteger(value));
      allFloat = allFloat && (expected == TypeFamily.FLOAT ? ok : TypeFamily.FLOAT.accepts(value));
      allBoolean = allBoolean && Values.isBoolean(value);
      allTimestamp =
          allTimestamp && (expected == TypeFamily.TIMESTAMP ? ok : Values.isTimestamp(value));
      return ok;
    }

    @Override
    Object observed() {
      if (elements == missing) {
        return null;
      }
      TypeFamily f =
          allBoolean
              ? TypeFamily.BOOLEAN
              : allInteger
                  ? TypeFamily.INTEGER
                  : allFloat
                      ? TypeFamily.FLOAT
                      : allTimestamp ? TypeFamily.TIMESTAMP : TypeFamily.STRING;
      return f.typeName();
    }
  }

  /**
   * Kairos' freshness rule: the newest timestamp is at most {@code max_age} old and no value lies
   * more than {@code future_tolerance} in the future. Values that are not timestamps fail too.
   */
  static final class Fresh extends Evaluator.ColumnMap {
    private final long nowMicros;
    private final Duration maxAge;
    private final long latestAllowed;
    private long newest = Long.MIN_VALUE;
    private long future;
    private long notTimestamps;

    Fresh(ExpectationConfig c, int column, Clock clock) {
      super(c, column);
      this.nowMicros = Values.micros(clock.instant());
      this.maxAge = Durations.parse((String) c.kwargs().get("max_age"));
      Object tol = c.kwargs().get("future_tolerance");
      Duration tolerance = tol == null ? Duration.ZERO : Durations.parse((String) tol);
      this.latestAllowed = nowMicros + tolerance.toNanos() / 1000;
    }

    @Override
    boolean expected(Object value) {
      long t = Values.epochMicros(value);
      if (t == Long.MIN_VALUE) {
        notTimestamps++;
        return false;
      }
      newest = Math.max(newest, t);
      if (t > latestAllowed) {
        future++;
        return false;
      }
      return true;
    }

    @Override
    Object observed() {
      return newest == Long.MIN_VALUE ? null : Values.instant(newest).toString();
    }

    @Override
    boolean extraSuccess() {
      return newest != Long.MIN_VALUE && newest >= nowMicros - maxAge.toNanos() / 1000;
    }

    @Override
    String details() {
      List<String> problems = new ArrayList<>();
      if (future > 0) {
        problems.add(
            count(future, "value is", "values are")
                + " later than now ("
                + Values.instant(nowMicros)
                + ") + future_tolerance "
                + config.kwargs().getOrDefault("future_tolerance", "0s"));
      }
      if (notTimestamps > 0) {
        problems.add(count(notTimestamps, "value is", "values are") + " not a timestamp");
      }
      if (newest == Long.MIN_VALUE) {
        problems.add("no timestamp in the column");
      } else if (!extraSuccess()) {
        problems.add(
            "newest value "
                + Values.instant(newest)
                + " is older than max_age "
                + config.kwargs().get("max_age")
                + " (now "
                + Values.instant(nowMicros)
                + ")");
      }
      return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String count(long n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }
  }

  /**
   * Inclusive or strict bounds read from min_value/max_value/strict_min/strict_max; a null bound is
   * open. Timestamp bounds compare as epoch microseconds, exact in a double until year 2255.
   */
  record Bounds(double lo, double hi, boolean strictMin, boolean strictMax, boolean timestamps) {
    static Bounds of(Map<String, Object> kwargs) {
      Object min = kwargs.get("min_value");
      Object max = kwargs.get("max_value");
      return new Bounds(
          min == null ? Double.NEGATIVE_INFINITY : bound(min),
          max == null ? Double.POSITIVE_INFINITY : bound(max),
          Boolean.TRUE.equals(kwargs.get("strict_min")),
          Boolean.TRUE.equals(kwargs.get("strict_max")),
          min instanceof String || max instanceof String);
    }

    boolean contains(Object value) {
      if (timestamps) {
        long t = Values.epochMicros(value);
        return t != Long.MIN_VALUE && containsValue(t);
      }
      double d = Values.number(value);
      return !Double.isNaN(d) && containsValue(d);
    }

    boolean containsValue(double d) {
      boolean aboveMin = strictMin ? d > lo : d >= lo;
      return aboveMin && (strictMax ? d < hi : d <= hi);
    }

    private static double bound(Object b) {
      return b instanceof Number n ? n.doubleValue() : (double) Values.epochMicros(b);
    }
  }
}
