package dev.kairos.quality.internal;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.RowChecker;
import dev.kairos.quality.RowViolation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link RowChecker}: one {@link RowRules.Rule} per row-level expectation. */
public final class RowChecks implements RowChecker {
  private final RowRules.Rule[] rules;
  private final List<String> skipped;

  private RowChecks(List<RowRules.Rule> rules, List<String> skipped) {
    this.rules = rules.toArray(new RowRules.Rule[0]);
    this.skipped = List.copyOf(skipped);
  }

  public static RowChecker build(ExpectationSuite suite, List<Field> fields, Clock clock) {
    List<String> header = fields.stream().map(Field::name).toList();
    List<RowRules.Rule> rules = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ExpectationConfig c : suite.expectations()) {
      for (String column : columns(c)) {
        if (!header.contains(column)) {
          throw unknownColumn(suite, c, column, header);
        }
      }
      String what = c.type() + (c.column().isEmpty() ? "" : " (column " + c.column() + ")");
      RowRules.Rule rule = RowRules.create(c, header, clock);
      if (rule != null) {
        rules.add(rule);
        if (c.kwargs().get("mostly") instanceof Number m && m.doubleValue() < 1) {
          skipped.add(what + ": mostly " + m + " not honoured per event; every event must pass");
        }
        if (c.type().equals(Catalog.FRESH)) {
          skipped.add(
              what
                  + ": max_age not checked per event (the newest value's age describes a batch,"
                  + " and a late or replayed event must not be dead-lettered for it);"
                  + " future_tolerance is checked");
        }
        continue;
      }
      String why = notPerEvent(suite, c, header);
      skipped.add(what + ": " + why);
    }
    return new RowChecks(rules, skipped);
  }

  @Override
  public Optional<RowViolation> check(Object[] row) {
    for (RowRules.Rule rule : rules) {
      if (!rule.passes(row)) {
        return Optional.of(rule.violation(row));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> skipped() {
    return skipped;
  }

  /** Why an expectation that {@link RowRules} does not cover is not checked per event. */
  private static String notPerEvent(ExpectationSuite suite, ExpectationConfig c, List<String> h) {
    return switch (c.type()) {
      case "expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique" ->
          "uniqueness needs more than one row; an event alone is always unique";
      case "expect_table_row_count_to_be_between" -> "a row count describes a batch, not an event";
      case "expect_column_mean_to_be_between",
          "expect_column_min_to_be_between",
          "expect_column_max_to_be_between" ->
          "a column statistic describes a batch, not an event";
      default -> {
        ExpectationResult r = new TableExpectations.Schema(c, h).finish(1);
        if (!r.success()) {
          throw KairosException.user(
              where(suite, c)
                  + " fails for the source's fields, so every event would fail: "
                  + r.details());
        }
        yield "the table's columns: satisfied by the source's fields, checked once at start";
      }
    };
  }

  private static List<String> columns(ExpectationConfig c) {
    List<String> out = new ArrayList<>();
    for (String k : List.of("column", "column_A", "column_B")) {
      if (c.kwargs().get(k) instanceof String s) {
        out.add(s);
      }
    }
    if (c.type().equals("expect_compound_columns_to_be_unique")) {
      out.addAll(TableExpectations.Schema.stringList(c.kwargs().get("column_list")));
    }
    return out;
  }

  private static KairosException unknownColumn(
      ExpectationSuite suite, ExpectationConfig c, String column, List<String> header) {
    String near = Suggest.nearest(column, header);
    return KairosException.user(
        where(suite, c)
            + " names column '"
            + column
            + "', which is not a field of the source"
            + (near == null ? "" : " (did you mean '" + near + "'?)")
            + "; fields: "
            + String.join(", ", header));
  }

  private static String where(ExpectationSuite suite, ExpectationConfig c) {
    return suite.origin() + ": expectation " + c.index() + " (" + c.type() + ")";
  }
}
