package dev.kairos.store.duckdb;

import static dev.kairos.store.duckdb.DuckDbOfflineStore.SEQ;
import static dev.kairos.store.duckdb.DuckDbValues.quote;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;

/**
 * The windowed aggregations of a point-in-time query as DuckDB SQL: per view, one relation {@code
 * (_row, o<j>…)} holding output {@code j} for the entity row at position {@code _row}; rows with a
 * null key or time are absent and get the empty window's value from {@link #value}.
 *
 * <p>Usually the entity rows are unioned with the view's events and every window is a frame {@code
 * RANGE BETWEEN W PRECEDING AND 1 MICROSECOND PRECEDING} over the entity's time line: timestamps
 * are microseconds, so that frame is exactly {@code t - W <= event_ts < t}, and it leaves out the
 * entity rows themselves, which carry no event ({@code _ev} and every column null). With {@code
 * asOfCreated} on a source with created times, what an entity row sees depends on its own time, so
 * the view is a range join grouped by row, each window an aggregate {@code FILTER}. The join is a
 * hash join on the keys filtered on time, so its cost grows with every entity row's count of its
 * key's events: 2.5x faster than the frames on AggStoreBench's 1M events and 100k rows, but
 * expected to be slower (not measured) where entities have long histories and many entity rows.
 */
final class DuckDbAggregations {
  private final HistoricalQuery q;
  private final String entities;
  private final ToIntBiFunction<String, String> column;
  private final int tsColumn;

  /**
   * @param column the position of an entity column by name, or a USER error naming what needs it
   */
  DuckDbAggregations(
      HistoricalQuery q, String entities, ToIntBiFunction<String, String> column, int tsColumn) {
    this.q = q;
    this.entities = entities;
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

  /** The outer select's expression for aggregation output {@code j}, from relation {@code a<v>}. */
  String value(int j) {
    Output o = q.outputs().get(j);
    String cell = "a" + o.viewIndex() + ".o" + j;
    return of(o).function().zeroWhenEmpty() ? "coalesce(" + cell + ", 0)" : cell;
  }

  /** The relation {@code a<v>}: view {@code v}'s aggregation outputs per entity row. */
  String relation(int v) {
    ViewInput in = q.views().get(v);
    boolean ranged = q.asOfCreated() && in.source().createdTimestamp().isPresent();
    Map<String, String> columns = new LinkedHashMap<>();
    StringBuilder select = new StringBuilder("SELECT _row");
    for (int j : outputs(v)) {
      Aggregation a = of(q.outputs().get(j));
      // count reads no column: it counts events, whatever their values (of any type, lists too)
      String x =
          a.function() == AggregationFunction.COUNT
              ? null
              : columns.computeIfAbsent(a.column(), c -> "x" + columns.size());
      select.append(", ").append(aggregate(in, a, x, ranged)).append(" AS o").append(j);
    }
    return ranged
        ? rangeJoin(v, in, select, columns)
        : timeLine(in, needsOrder(v), select, columns);
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

  /** {@code a} over column alias {@code x}, as a window function or as a filtered aggregate. */
  private String aggregate(ViewInput in, Aggregation a, String x, boolean ranged) {
    in.columnType(a); // checks the column exists and the function accepts its type
    String ok = "CASE WHEN " + x + " IS NOT NULL THEN _ok END";
    String call =
        switch (a.function()) {
          case COUNT -> "count(_ev)";
          case SUM -> "sum(" + x + ")";
          case AVG -> "avg(" + x + ")";
          case MIN -> "min(" + x + ")";
          case MAX -> "max(" + x + ")";
          case FIRST -> byTime(in, a) ? "min(" + x + ")" : "arg_min(" + x + ", " + ok + ")";
          case LAST -> byTime(in, a) ? "max(" + x + ")" : "arg_max(" + x + ", " + ok + ")";
          case COUNT_DISTINCT -> "count(DISTINCT " + x + ")";
          case STDDEV -> "stddev_pop(" + x + ")";
        };
    String windowed = call + (ranged ? filter(a) : over(in, a));
    if (a.function() == AggregationFunction.SUM || a.function() == AggregationFunction.AVG) {
      return "(" + windowed + ")::" + DuckDbValues.sqlType(a.type());
    }
    return windowed;
  }

  /** First / last of the event time itself are its min / max, whatever breaks the ties. */
  private static boolean byTime(ViewInput in, Aggregation a) {
    return a.column().equals(in.source().timestampField());
  }

  /** Whether some output of view {@code v} needs the tie-break order {@code _ok}. */
  private boolean needsOrder(int v) {
    for (int j : outputs(v)) {
      Aggregation a = of(q.outputs().get(j));
      boolean firstOrLast =
          a.function() == AggregationFunction.FIRST || a.function() == AggregationFunction.LAST;
      if (firstOrLast && !byTime(q.views().get(v), a)) {
        return true;
      }
    }
    return false;
  }

  /** A literal interval, as a hand-written query has it. */
  private static String micros(long micros) {
    return "INTERVAL " + micros + " MICROSECOND";
  }

  private String over(ViewInput in, Aggregation a) {
    StringBuilder keys = new StringBuilder();
    for (int k = 0; k < in.joinKeys().size(); k++) {
      keys.append(k > 0 ? ", " : "").append('k').append(k);
    }
    String start = a.window().isLifetime() ? "UNBOUNDED" : micros(a.window().micros());
    return " OVER (PARTITION BY "
        + keys
        + " ORDER BY _ts RANGE BETWEEN "
        + start
        + " PRECEDING AND "
        + micros(1)
        + " PRECEDING)";
  }

  private String filter(Aggregation a) {
    return a.window().isLifetime()
        ? ""
        : " FILTER (WHERE _ts >= _t - " + micros(a.window().micros()) + ")";
  }

  /** Entity rows and events on one time line per entity; window frames over it. */
  private String timeLine(
      ViewInput in, boolean order, StringBuilder select, Map<String, String> columns) {
    String ts = quote(in.source().timestampField());
    StringBuilder points = new StringBuilder("SELECT _row");
    StringBuilder events = new StringBuilder("SELECT NULL");
    StringBuilder pointsWhere = new StringBuilder(" WHERE c" + tsColumn + " IS NOT NULL");
    StringBuilder eventsWhere = new StringBuilder(" WHERE " + ts + " IS NOT NULL");
    for (int k = 0; k < in.joinKeys().size(); k++) {
      String key = in.joinKeys().get(k);
      int col = column.applyAsInt(key, "view '" + in.view().name() + "'");
      points.append(", c").append(col).append(" AS k").append(k);
      events.append(", ").append(quote(key));
      pointsWhere.append(" AND c").append(col).append(" IS NOT NULL");
      eventsWhere.append(" AND ").append(quote(key)).append(" IS NOT NULL");
    }
    points.append(", c").append(tsColumn).append(" AS _ts, NULL::BIGINT AS _ev");
    events.append(", ").append(ts).append(", 1");
    if (order) {
      points.append(", NULL AS _ok");
      events.append(", ").append(order(in, ""));
    }
    columns.forEach(
        (c, x) -> {
          points.append(", NULL AS ").append(x);
          events.append(", ").append(quote(c));
        });
    return select
        + " FROM ("
        + points
        + " FROM temp.main."
        + entities
        + pointsWhere
        + " UNION ALL "
        + events
        + " FROM "
        + quote(in.source().table())
        + eventsWhere
        + ") QUALIFY _row IS NOT NULL";
  }

  /** Entity rows joined with the events they can see, grouped by row. */
  private String rangeJoin(int v, ViewInput in, StringBuilder select, Map<String, String> columns) {
    String t = "e.c" + tsColumn;
    String ts = "s." + quote(in.source().timestampField());
    String created = "s." + quote(in.source().createdTimestamp().orElseThrow());
    StringBuilder sql = new StringBuilder(select);
    sql.append(" FROM (SELECT e._row, ").append(t).append(" AS _t, ").append(ts);
    sql.append(" AS _ts, 1 AS _ev, ").append(order(in, "s.")).append(" AS _ok");
    columns.forEach((c, x) -> sql.append(", s.").append(quote(c)).append(" AS ").append(x));
    sql.append(" FROM temp.main.").append(entities).append(" e JOIN ");
    sql.append(quote(in.source().table())).append(" s ON ");
    for (String key : in.joinKeys()) {
      int col = column.applyAsInt(key, "view '" + in.view().name() + "'");
      sql.append("s.").append(quote(key)).append(" = e.c").append(col).append(" AND ");
    }
    sql.append(ts).append(" < ").append(t);
    long longest = longest(v);
    if (longest > 0) {
      sql.append(" AND ").append(ts).append(" >= ").append(t);
      sql.append(" - ").append(micros(longest));
    }
    sql.append(" AND (").append(created).append(" IS NULL OR ").append(created);
    sql.append(" <= ").append(t).append(")) GROUP BY _row");
    return sql.toString();
  }

  /** The longest window of view {@code v}'s aggregation outputs in microseconds; 0 for lifetime. */
  private long longest(int v) {
    long max = 0;
    for (int j : outputs(v)) {
      Aggregation a = of(q.outputs().get(j));
      if (a.window().isLifetime()) {
        return 0;
      }
      max = Math.max(max, a.window().micros());
    }
    return max;
  }

  /** The tie-break order of first / last: event time, created time (null smallest), sequence. */
  private static String order(ViewInput in, String prefix) {
    String created =
        in.source()
            .createdTimestamp()
            .map(c -> "coalesce(" + prefix + quote(c) + ", '-infinity'::TIMESTAMP)")
            .orElse("'-infinity'::TIMESTAMP");
    return "{'t': "
        + prefix
        + quote(in.source().timestampField())
        + ", 'c': "
        + created
        + ", 'q': "
        + prefix
        + SEQ
        + "}";
  }
}
