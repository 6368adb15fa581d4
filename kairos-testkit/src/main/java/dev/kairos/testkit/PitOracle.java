package dev.kairos.testkit;

import dev.kairos.api.EntityKey;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OnlineRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A brute-force, obviously-correct reference for point-in-time joins, written straight from the
 * semantics in {@link HistoricalQuery}: for every entity row and view it scans every source row.
 * Stores are compared against it; it is never used to serve.
 */
public final class PitOracle {
  private PitOracle() {}

  /**
   * The expected output of {@link dev.kairos.spi.OfflineStore#historical}.
   *
   * @param data every row of every source, keyed by table name, in ingestion order
   */
  public static List<Object[]> historical(
      HistoricalQuery q, List<Object[]> entityRows, Map<String, List<Object[]>> data) {
    List<Field> cols = q.entityColumns();
    int tsCol = indexOf(cols, HistoricalQuery.EVENT_TIMESTAMP);
    List<Object[]> out = new ArrayList<>();
    for (Object[] entity : entityRows) {
      Instant t = (Instant) entity[tsCol];
      Object[][] winners = new Object[q.views().size()][];
      for (int v = 0; v < q.views().size(); v++) {
        ViewInput in = q.views().get(v);
        List<Object> keys = new ArrayList<>();
        for (String k : in.joinKeys()) {
          keys.add(entity[indexOf(cols, k)]);
        }
        winners[v] =
            best(in, keys, t, q.asOfCreated(), data.getOrDefault(in.source().table(), List.of()));
      }
      Object[] row = new Object[cols.size() + q.outputs().size()];
      System.arraycopy(entity, 0, row, 0, cols.size());
      for (int j = 0; j < q.outputs().size(); j++) {
        Output o = q.outputs().get(j);
        Object[] w = winners[o.viewIndex()];
        Source src = q.views().get(o.viewIndex()).source();
        row[cols.size() + j] = w == null ? null : w[indexOf(src.fields(), o.feature())];
      }
      out.add(row);
    }
    return out;
  }

  private static Object[] best(
      ViewInput in, List<Object> keys, Instant t, boolean asOfCreated, List<Object[]> rows) {
    if (t == null || keys.contains(null)) {
      return null;
    }
    Source src = in.source();
    int ts = indexOf(src.fields(), src.timestampField());
    int cr =
        src.createdTimestampField() == null
            ? -1
            : indexOf(src.fields(), src.createdTimestampField());
    Duration ttl = in.view().ttl();
    Object[] best = null;
    for (Object[] row : rows) {
      Instant e = (Instant) row[ts];
      Instant c = cr < 0 ? null : (Instant) row[cr];
      if (e == null || !keys.equals(keysOf(src, in.joinKeys(), row))) {
        continue;
      }
      boolean inWindow = !e.isAfter(t) && (ttl.isZero() || !e.isBefore(t.minus(ttl)));
      boolean visible = !asOfCreated || c == null || !c.isAfter(t);
      // Rows come in ingestion order, so ">=" lets a later row win a full tie.
      if (inWindow && visible && (best == null || compare(row, best, ts, cr) >= 0)) {
        best = row;
      }
    }
    return best;
  }

  private static int compare(Object[] a, Object[] b, int ts, int cr) {
    int c = ((Instant) a[ts]).compareTo((Instant) b[ts]);
    if (c != 0 || cr < 0) {
      return c;
    }
    Instant ca = (Instant) a[cr];
    Instant cb = (Instant) b[cr];
    if (ca == null || cb == null) {
      return ca == null ? (cb == null ? 0 : -1) : 1;
    }
    return ca.compareTo(cb);
  }

  private static List<Object> keysOf(Source src, List<String> joinKeys, Object[] row) {
    List<Object> keys = new ArrayList<>();
    for (String k : joinKeys) {
      keys.add(row[indexOf(src.fields(), k)]);
    }
    return keys;
  }

  /** The expected output of {@link dev.kairos.spi.OfflineStore#latest}, in any order. */
  public static List<OnlineRow> latest(LatestQuery q, List<Object[]> rows) {
    Source src = q.source();
    int ts = indexOf(src.fields(), src.timestampField());
    int cr =
        src.createdTimestampField() == null
            ? -1
            : indexOf(src.fields(), src.createdTimestampField());
    Map<List<Object>, Object[]> best = new java.util.LinkedHashMap<>();
    for (Object[] row : rows) {
      Instant e = (Instant) row[ts];
      List<Object> keys = keysOf(src, q.joinKeys(), row);
      if (e == null || keys.contains(null) || e.isBefore(q.start()) || e.isAfter(q.end())) {
        continue;
      }
      Object[] old = best.get(keys);
      if (old == null || compare(row, old, ts, cr) >= 0) {
        best.put(keys, row);
      }
    }
    List<OnlineRow> out = new ArrayList<>();
    best.forEach(
        (keys, row) -> {
          Object[] values = new Object[q.view().features().size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = row[indexOf(src.fields(), q.view().features().get(i).name())];
          }
          out.add(
              new OnlineRow(
                  new EntityKey(keys),
                  values,
                  (Instant) row[ts],
                  cr < 0 ? null : (Instant) row[cr]));
        });
    return out;
  }

  /** Rows as lists with byte arrays shown in hex, so they compare with {@code equals}. */
  public static List<List<Object>> normalize(List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] row : rows) {
      List<Object> r = new ArrayList<>();
      for (Object v : row) {
        r.add(norm(v));
      }
      out.add(r);
    }
    return out;
  }

  private static Object norm(Object v) {
    if (v instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(e -> out.add(norm(e)));
      return out;
    }
    return v;
  }

  static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (Objects.equals(fields.get(i).name(), name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "'");
  }
}
