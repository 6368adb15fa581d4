package dev.kairos.quality.internal;

import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.RowViolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Row-level expectations applied to one event, with the predicates of the batch evaluators ({@link
 * RowExpectations}, {@link TableExpectations.PairGreater}) so that an event passes exactly when a
 * batch of that event alone would. {@link Rule#passes} allocates nothing where it can; {@link
 * Rule#violation} explains a failure and runs only then.
 */
final class RowRules {
  private static final int SHOWN_SET_VALUES = 10;
  private static final int SHOWN_TEXT = 80;

  private RowRules() {}

  /** The rule for a row-level expectation, or null when the expectation is not one. */
  static Rule create(ExpectationConfig c, List<String> header, Clock clock) {
    Map<String, Object> k = c.kwargs();
    int column = k.get("column") instanceof String s ? header.indexOf(s) : -1;
    return switch (c.type()) {
      case "expect_column_values_to_not_be_null" -> new NotNull(c, column);
      case "expect_column_values_to_be_between" -> new Between(c, column);
      case "expect_column_values_to_be_in_set" -> new InSet(c, column);
      case "expect_column_values_to_match_regex" -> new Regex(c, column);
      case "expect_column_values_to_be_of_type" -> new OfType(c, column);
      case "expect_column_pair_values_a_to_be_greater_than_b" ->
          new PairGreater(
              c,
              header.indexOf((String) k.get("column_A")),
              header.indexOf((String) k.get("column_B")));
      case Catalog.FRESH -> new Future(c, column, clock);
      default -> null;
    };
  }

  abstract static class Rule {
    final ExpectationConfig config;

    Rule(ExpectationConfig config) {
      this.config = config;
    }

    abstract boolean passes(Object[] row);

    /** Why {@code row} fails; called only when {@link #passes} returned false. */
    abstract RowViolation violation(Object[] row);

    RowViolation violation(List<String> columns, Object observed, String reason) {
      return new RowViolation(
          config.index(), config.type(), columns, observed, config.type() + ": " + reason);
    }
  }

  /** One column; a missing value (null or "") passes, as batches skip it. */
  abstract static class ColumnRule extends Rule {
    final int column;
    final String name;

    ColumnRule(ExpectationConfig config, int column) {
      super(config);
      this.column = column;
      this.name = (String) config.kwargs().get("column");
    }

    abstract boolean expected(Object value);

    /** What is wrong with a present value that is not expected, after "column x = v ". */
    abstract String problem(Object value);

    @Override
    boolean passes(Object[] row) {
      Object v = Evaluator.cell(row, column);
      return Values.isMissing(v) || expected(v);
    }

    @Override
    RowViolation violation(Object[] row) {
      Object v = Evaluator.cell(row, column);
      return violation(List.of(name), v, "column " + name + " = " + show(v) + " " + problem(v));
    }
  }

  static final class NotNull extends ColumnRule {
    NotNull(ExpectationConfig c, int column) {
      super(c, column);
    }

    @Override
    boolean passes(Object[] row) {
      return !Values.isMissing(Evaluator.cell(row, column));
    }

    @Override
    boolean expected(Object value) {
      return true;
    }

    @Override
    String problem(Object value) {
      return "";
    }

    @Override
    RowViolation violation(Object[] row) {
      Object v = Evaluator.cell(row, column);
      String what = v == null ? "is null" : "is an empty string, which counts as null";
      return violation(List.of(name), v, "column " + name + " " + what);
    }
  }

  static final class Between extends ColumnRule {
    private final RowExpectations.Bounds bounds;

    Between(ExpectationConfig c, int column) {
      super(c, column);
      this.bounds = RowExpectations.Bounds.of(c.kwargs());
    }

    @Override
    boolean expected(Object value) {
      return bounds.contains(value);
    }

    @Override
    String problem(Object value) {
      double d;
      if (bounds.timestamps()) {
        long t = Values.epochMicros(value);
        if (t == Long.MIN_VALUE) {
          return "is not a timestamp";
        }
        d = t;
      } else {
        d = Values.number(value);
        if (Double.isNaN(d)) {
          return "is not a number";
        }
      }
      boolean ts = bounds.timestamps();
      if (bounds.strictMin() ? d <= bounds.lo() : d < bounds.lo()) {
        return bounds.strictMin()
            ? (ts ? "is not after" : "is not above")
                + " min_value "
                + kwarg("min_value")
                + " (strict_min)"
            : (ts ? "is before" : "is below") + " min_value " + kwarg("min_value");
      }
      return bounds.strictMax()
          ? (ts ? "is not before" : "is not below")
              + " max_value "
              + kwarg("max_value")
              + " (strict_max)"
          : (ts ? "is after" : "is above") + " max_value " + kwarg("max_value");
    }

    private String kwarg(String key) {
      return String.valueOf(config.kwargs().get(key));
    }
  }

  static final class InSet extends ColumnRule {
    private final RowExpectations.ValueSet allowed;

    InSet(ExpectationConfig c, int column) {
      super(c, column);
      this.allowed = new RowExpectations.ValueSet((List<?>) c.kwargs().get("value_set"));
    }

    @Override
    boolean expected(Object value) {
      return allowed.contains(value);
    }

    @Override
    String problem(Object value) {
      List<?> set = (List<?>) config.kwargs().get("value_set");
      StringBuilder sb = new StringBuilder("is not in value_set [");
      for (int i = 0; i < Math.min(set.size(), SHOWN_SET_VALUES); i++) {
        sb.append(i > 0 ? ", " : "").append(show(set.get(i)));
      }
      if (set.size() > SHOWN_SET_VALUES) {
        sb.append(", … ").append(set.size() - SHOWN_SET_VALUES).append(" more");
      }
      return sb.append(']').toString();
    }
  }

  /** Answers are remembered for a bounded number of distinct texts, as in batches. */
  static final class Regex extends ColumnRule {
    private static final int MEMO = 4096;
    private final Pattern pattern;
    private final Map<String, Boolean> memo = new ConcurrentHashMap<>();

    Regex(ExpectationConfig c, int column) {
      super(c, column);
      this.pattern = Pattern.compile((String) c.kwargs().get("regex"));
    }

    @Override
    boolean expected(Object value) {
      String text = value instanceof String s ? s : Values.text(value);
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

    @Override
    String problem(Object value) {
      return "does not match regex " + show(pattern.pattern());
    }
  }

  static final class OfType extends ColumnRule {
    private final TypeFamily expected;

    OfType(ExpectationConfig c, int column) {
      super(c, column);
      this.expected = TypeFamily.of((String) c.kwargs().get("type_"));
    }

    @Override
    boolean expected(Object value) {
      return expected.accepts(value);
    }

    @Override
    String problem(Object value) {
      return "is not of type " + config.kwargs().get("type_");
    }
  }

  /** The part of the freshness rule that one event can break: a time too far in the future. */
  static final class Future extends ColumnRule {
    private final Clock clock;
    private final long toleranceMicros;

    Future(ExpectationConfig c, int column, Clock clock) {
      super(c, column);
      this.clock = clock;
      Object tol = c.kwargs().get("future_tolerance");
      Duration tolerance = tol == null ? Duration.ZERO : Durations.parse((String) tol);
      this.toleranceMicros = tolerance.toNanos() / 1000;
    }

    @Override
    boolean passes(Object[] row) {
      // A batch of one event whose value is missing has no newest timestamp, so it fails.
      return expected(Evaluator.cell(row, column));
    }

    @Override
    boolean expected(Object value) {
      long t = Values.epochMicros(value);
      return t != Long.MIN_VALUE && t <= Values.micros(clock.instant()) + toleranceMicros;
    }

    @Override
    String problem(Object value) {
      if (Values.epochMicros(value) == Long.MIN_VALUE) {
        return "is not a timestamp";
      }
      Instant now = clock.instant();
      return "is later than now ("
          + now
          + ") + future_tolerance "
          + config.kwargs().getOrDefault("future_tolerance", "0s");
    }
  }

  static final class PairGreater extends Rule {
    private final int a;
    private final int b;
    private final String nameA;
    private final String nameB;
    private final boolean orEqual;
    private final String ignoreIf;

    PairGreater(ExpectationConfig c, int a, int b) {
      super(c);
      this.a = a;
      this.b = b;
      this.nameA = (String) c.kwargs().get("column_A");
      this.nameB = (String) c.kwargs().get("column_B");
      this.orEqual = Boolean.TRUE.equals(c.kwargs().get("or_equal"));
      this.ignoreIf = (String) c.kwargs().getOrDefault("ignore_row_if", "both_values_are_missing");
    }

    @Override
    boolean passes(Object[] row) {
      Object va = Evaluator.cell(row, a);
      Object vb = Evaluator.cell(row, b);
      boolean ma = Values.isMissing(va);
      boolean mb = Values.isMissing(vb);
      return TableExpectations.PairGreater.ignored(ignoreIf, ma, mb)
          || (!ma && !mb && TableExpectations.PairGreater.greater(va, vb, orEqual));
    }

    @Override
    RowViolation violation(Object[] row) {
      Object va = Evaluator.cell(row, a);
      Object vb = Evaluator.cell(row, b);
      boolean ma = Values.isMissing(va);
      boolean mb = Values.isMissing(vb);
      String colA = "column_A " + nameA;
      String colB = "column_B " + nameB;
      String reason;
      if (ma || mb) {
        reason =
            (ma && mb ? colA + " and " + colB + " are" : (ma ? colA : colB) + " is")
                + " missing (ignore_row_if "
                + ignoreIf
                + ")";
      } else if (comparable(va, vb)) {
        reason =
            colA
                + " = "
                + show(va)
                + (orEqual ? " is less than " : " is not greater than ")
                + colB
                + " = "
                + show(vb);
      } else {
        reason =
            colA
                + " = "
                + show(va)
                + " and "
                + colB
                + " = "
                + show(vb)
                + " are neither both numbers nor both timestamps";
      }
      return violation(List.of(nameA, nameB), Arrays.asList(va, vb), reason);
    }

    private static boolean comparable(Object va, Object vb) {
      return (Values.isNumber(va) && Values.isNumber(vb))
          || (Values.isTimestamp(va) && Values.isTimestamp(vb));
    }
  }

  /**
   * A value as a message shows it: text in double quotes, shortened; the rest as Java prints it.
   */
  static String show(Object v) {
    if (v instanceof String s) {
      String shown = s.length() > SHOWN_TEXT ? s.substring(0, SHOWN_TEXT) + "…" : s;
      return '"' + shown.replace("\"", "\\\"") + '"';
    }
    if (v instanceof byte[] || v == null) {
      return Values.text(v);
    }
    return v.toString();
  }
}
