package dev.kairos.analytics.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One analytics view: its name, how to build its SELECT, the column a partial refresh deletes by,
 * its unique key and the columns readers filter on.
 */
record View(
    String name,
    BiFunction<ViewSql, LocalDate, String> select,
    String period,
    boolean weekly,
    List<String> key,
    List<List<String>> indexes) {

  static final View DAILY =
      new View(
          "daily_risk_summary",
          ViewSql::daily,
          "day",
          false,
          List.of("day", "category", "country"),
          List.of(List.of("category", "day"), List.of("country", "day")));
  static final View WEEKLY =
      new View(
          "weekly_growth",
          ViewSql::weekly,
          "week_start",
          true,
          List.of("week_start", "category", "country"),
          List.of(List.of("category", "week_start"), List.of("country", "week_start")));
  static final View TOP_MERCHANTS =
      new View(
          "top_fraud_merchants",
          ViewSql::topMerchants,
          "week_start",
          true,
          List.of("week_start", "rank"),
          List.of(List.of("merchant")));

  static final List<View> ALL = List.of(DAILY, WEEKLY, TOP_MERCHANTS);

  /** The first period a refresh from {@code from} rebuilds. */
  LocalDate firstPeriod(LocalDate from) {
    return weekly ? ViewSql.weekStart(from) : from;
  }
}
