package dev.kairos.store.postgres;

import static dev.kairos.store.postgres.PgValues.quote;
import static dev.kairos.store.postgres.PostgresOfflineStore.SEQ;

import dev.kairos.api.Aggregation;
import dev.kairos.api.ValueType;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;

/**
 * The windowed aggregations of a point-in-time query as PostgreSQL SQL: per view, a {@code LATERAL}
 * subquery over the entity's events with {@code event_ts < t} (and within the longest window, on
 * the point-in-time index), each window an aggregate with {@code FILTER (WHERE event_ts >= t - W)}.
 * An aggregate without {@code GROUP BY} always yields one row, so entity rows with null or unknown
 * keys get the empty window's values. Strings compare with {@code COLLATE "C"} (code point order,
 * like the other engines) and {@code first} / {@code last} take the head of an ordered {@code
 * array_agg}.
 */
final class PgAggregations {
  private final HistoricalQuery q;
  private final ToIntBiFunction<String, String> column;
  private final int tsColumn;

  /**
   * @param column the position of an entity column by name, or a USER error naming what needs it
   */
  PgAggregations(HistoricalQuery q, ToIntBiFunction<String, String> column, int tsColumn) {
    this.q = q;
    this.column = column;
    this.tsColumn = tsColumn;
  }

  /** The aggregation output {@code o} names, or null for a plain feature. */
  Aggregation of(Output o) {
    return q.views().get(o.viewIndex()).aggregation(o.feature()).orElse(null);
  }

  boolean hasAny(int v) {
    return !outputs(v).isEmpty();
  }

  /** The outer select's expression for aggregation output {@code j}, from subquery {@code a<v>}. */
  String value(int j) {
    Output o = q.outputs().get(j);
    String cell = "a" + o.viewIndex() + ".o" + j;
    return of(o).function().zeroWhenEmpty() ? "coalesce(" + cell + ", 0)" : cell;
  }

  /**
   * The {@code LATERAL} subquery of view {@code v}'s aggregation outputs for entity row {@code e}.
   */
  String lateral(int v, String table) {
    ViewInput in = q.views().get(v);
    String t = "e.c" + tsColumn;
    String ts = "s." + quote(in.source().timestampField());
    StringBuilder sql = new StringBuilder("SELECT ");
    long longest = 0;
    boolean lifetime = false;
    List<Integer> outputs = outputs(v);
    for (int i = 0; i < outputs.size(); i++) {
      int j = outputs.get(i);
      Aggregation a = of(q.outputs().get(j));
      String within =
          a.window().isLifetime()
              ? null
              : ts + " >= " + t + " - " + a.window().micros() + " * interval '1 microsecond'";
      sql.append(i > 0 ? ", " : "").append(aggregate(in, a, within)).append(" AS o").append(j);
      lifetime |= a.window().isLifetime();
      longest = Math.max(longest, a.window().isLifetime() ? 0 : a.window().micros());
    }
    sql.append(" FROM ").append(table).append(" s WHERE ");
    for (String k : in.joinKeys()) {
      int col = column.applyAsInt(k, "view '" + in.view().name() + "'");
      sql.append("s.").append(quote(k)).append(" = e.c").append(col).append(" AND ");
    }
    sql.append(ts).append(" < ").append(t);
    if (!lifetime) {
      sql.append(" AND ").append(ts).append(" >= ").append(t).append(" - ");
      sql.append(longest).append(" * interval '1 microsecond'");
    }
    in.source()
        .createdTimestamp()
        .filter(cr -> q.asOfCreated())
        .ifPresent(
            cr -> {
              String created = "s." + quote(cr);
              sql.append(" AND (").append(created).append(" IS NULL OR ").append(created);
              sql.append(" <= ").append(t).append(')');
            });
    return sql.toString();
  }

  private List<Integer> outputs(int v) {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < q.outputs().size(); j++) {
      Output o = q.outputs().get(j);
      if (o.viewIndex() == v && of(o) != null) {
        out.add(j);
      }
    }
    return out;
  }

  /** {@code a} over the subquery's rows, restricted to its window by {@code within} (or null). */
  private static String aggregate(ViewInput in, Aggregation a, String within) {
    ValueType type = in.columnType(a);
    String x = "s." + quote(a.column());
    String asDouble = x + "::float8";
    String ordered = type == ValueType.STRING ? x + " COLLATE \"C\"" : x;
    String call =
        switch (a.function()) {
          case COUNT -> "count(*)";
          case SUM ->
              type == ValueType.FLOAT || type == ValueType.DOUBLE
                  ? "sum(" + asDouble + ")"
                  : "sum(" + x + ")";
          case AVG -> "avg(" + asDouble + ")";
          case MIN -> "min(" + ordered + ")";
          case MAX -> "max(" + ordered + ")";
          case FIRST, LAST -> "array_agg(" + x + " ORDER BY " + order(in, a) + ")";
          case COUNT_DISTINCT -> "count(DISTINCT " + x + ")";
          case STDDEV -> "stddev_pop(" + asDouble + ")";
        };
    List<String> conditions = new ArrayList<>();
    if (within != null) {
      conditions.add(within);
    }
    switch (a.function()) {
      case FIRST, LAST -> conditions.add(x + " IS NOT NULL");
      default -> {}
    }
    String filtered =
        conditions.isEmpty()
            ? call
            : call + " FILTER (WHERE " + String.join(" AND ", conditions) + ")";
    return switch (a.function()) {
      case SUM -> "(" + filtered + ")::" + PgValues.sqlType(a.type());
      case FIRST, LAST -> "(" + filtered + ")[1]";
      default -> filtered;
    };
  }

  /** First: smallest event time, created time (null smallest), sequence; last: the greatest. */
  private static String order(ViewInput in, Aggregation a) {
    boolean last = a.function() == dev.kairos.api.AggregationFunction.LAST;
    String dir = last ? " DESC" : "";
    StringBuilder out = new StringBuilder("s." + quote(in.source().timestampField()) + dir);
    in.source()
        .createdTimestamp()
        .ifPresent(
            cr ->
                out.append(", s.")
                    .append(quote(cr))
                    .append(last ? " DESC NULLS LAST" : " NULLS FIRST"));
    return out.append(", s.").append(SEQ).append(dir).toString();
  }
}
