package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import dev.kairos.quality.internal.ColumnProfile;
import dev.kairos.quality.internal.TypeFamily;
import dev.kairos.quality.internal.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proposes an expectation suite from a batch known to be good, for the user to edit: the column
 * list; per column its type, not-null (with {@code mostly} when the batch has nulls), numeric
 * ranges widened by 10% (never below zero when no value is negative), small categorical sets,
 * uniqueness, and freshness for timestamp columns. Each expectation's {@code meta.profiler} says
 * what was observed.
 */
public final class Profiler {
  private final Clock clock;

  public Profiler(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Reads the batch once and proposes a suite.
   *
   * @throws KairosException USER when the batch cannot be read or has no rows
   */
  public ExpectationSuite profile(String suiteName, Batch batch) {
    List<ColumnProfile> columns = new ArrayList<>();
    batch.scan(
        new Batch.Visitor() {
          @Override
          public void columns(List<String> names) {
            names.forEach(n -> columns.add(new ColumnProfile(n)));
          }

          @Override
          public void row(long line, Object[] values) {
            for (int i = 0; i < columns.size(); i++) {
              columns.get(i).accept(i < values.length ? values[i] : null);
            }
          }
        });
    if (columns.isEmpty() || columns.get(0).count == 0) {
      throw KairosException.user(
          "cannot profile " + batch.name() + ": it has no data rows; profile a known-good batch");
    }
    Proposals out = new Proposals();
    out.add(
        "expect_table_columns_to_match_ordered_list",
        Map.of("column_list", columns.stream().map(c -> c.name).toList()),
        columns.size() + " columns");
    out.add(
        "expect_table_row_count_to_be_between",
        Map.of("min_value", 1),
        columns.get(0).count + " rows in the profiled batch");
    for (ColumnProfile c : columns) {
      propose(c, out);
    }
    return new ExpectationSuite(suiteName, out.list, "profile of " + batch.name());
  }

  private void propose(ColumnProfile c, Proposals out) {
    double nullRate = (double) c.missing / c.count;
    if (c.missing == 0) {
      out.add("expect_column_values_to_not_be_null", column(c), "no nulls");
    } else if (nullRate < 0.5) {
      double mostly = Math.max(0, Math.floor((1 - nullRate - 0.02) * 100) / 100);
      out.add(
          "expect_column_values_to_not_be_null",
          column(c, "mostly", mostly),
          percent(nullRate) + " nulls");
    }
    if (c.present() == 0) {
      return;
    }
    TypeFamily family = c.family();
    if (family != TypeFamily.STRING) {
      out.add(
          "expect_column_values_to_be_of_type",
          column(c, "type_", family.typeName()),
          "every value is " + family.typeName());
    }
    boolean categorical =
        c.categories != null
            && c.categories.size() * 2 <= c.present()
            && (family == TypeFamily.STRING
                || family == TypeFamily.BOOLEAN
                || (family == TypeFamily.INTEGER && c.categories.size() <= 5));
    if (categorical) {
      List<Object> set = new ArrayList<>();
      c.categories.forEach(
          v -> set.add(family == TypeFamily.INTEGER ? (Object) Long.valueOf(v) : v));
      out.add(
          "expect_column_values_to_be_in_set",
          column(c, "value_set", set),
          c.categories.size() + " distinct values");
    } else if (family == TypeFamily.INTEGER || family == TypeFamily.FLOAT) {
      range(c, family, out);
    }
    if (c.unique
        && c.present() >= 2
        && (family == TypeFamily.STRING || family == TypeFamily.INTEGER)) {
      out.add("expect_column_values_to_be_unique", column(c), "no repeated value");
    }
    if (family == TypeFamily.TIMESTAMP) {
      long ageDays = Math.max(0, (Values.micros(clock.instant()) - c.newest) / 86_400_000_000L);
      long maxAge = Math.max(7, 2 * (ageDays + 1));
      out.add(
          "kairos_expect_column_values_to_be_fresh",
          column(c, "max_age", maxAge + "d", "future_tolerance", "5m"),
          "newest value "
              + Values.instant(c.newest)
              + ", "
              + ageDays
              + (ageDays == 1 ? " day" : " days")
              + " before profiling");
    }
  }

  private static void range(ColumnProfile c, TypeFamily family, Proposals out) {
    double span = c.max - c.min;
    double margin = span > 0 ? span * 0.1 : Math.max(1, Math.abs(c.max) * 0.1);
    double lo = c.min - margin;
    double hi = c.max + margin;
    if (c.min >= 0 && lo < 0) {
      lo = 0;
    }
    int scale = family == TypeFamily.INTEGER ? 0 : 2;
    Object min = round(lo, scale, RoundingMode.FLOOR);
    Object max = round(hi, scale, RoundingMode.CEILING);
    out.add(
        "expect_column_values_to_be_between",
        column(c, "min_value", min, "max_value", max),
        "observed range " + Values.text(c.min) + " to " + Values.text(c.max) + ", widened by 10%");
  }

  private static Number round(double v, int scale, RoundingMode mode) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(scale, mode);
    return scale == 0 ? (Number) d.longValueExact() : (Number) d.doubleValue();
  }

  private static String percent(double rate) {
    return BigDecimal.valueOf(rate * 100).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  private static Map<String, Object> column(ColumnProfile c, Object... more) {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("column", c.name);
    for (int i = 0; i < more.length; i += 2) {
      kwargs.put((String) more[i], more[i + 1]);
    }
    return kwargs;
  }

  private static final class Proposals {
    final List<ExpectationConfig> list = new ArrayList<>();

    void add(String type, Map<String, Object> kwargs, String observed) {
      list.add(new ExpectationConfig(list.size(), type, kwargs, Map.of("profiler", observed)));
    }
  }
}
