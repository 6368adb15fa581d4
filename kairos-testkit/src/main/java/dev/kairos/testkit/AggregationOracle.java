package dev.kairos.testkit;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.ValueType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A brute-force reference for windowed aggregations, written straight from the semantics in {@link
 * Aggregation}'s javadoc, with no code shared with the stores or the online state: for each query
 * it scans every event. Stores and the serving path are compared against it; it never serves.
 */
public final class AggregationOracle {
  private AggregationOracle() {}

  /**
   * One source event of one entity, in ingestion order (a later event in the list was ingested
   * later).
   *
   * @param created null when the event has none
   * @param value the aggregated column's value, null when missing
   */
  public record Event(List<Object> keys, Instant ts, Instant created, Object value) {}

  /**
   * The value of {@code a} for the entity {@code keys} at time {@code t}.
   *
   * @param events every event of the source, in ingestion order, with the column {@code a} reads
   * @param columnType the aggregated column's type
   */
  public static Object value(
      Aggregation a,
      ValueType columnType,
      List<Event> events,
      List<Object> keys,
      Instant t,
      boolean asOfCreated) {
    // List.of(...).contains(null) throws: look for a null key without it.
    boolean nullKey = keys.stream().anyMatch(Objects::isNull);
    List<Integer> inWindow = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      if (nullKey || !keys.equals(e.keys()) || !e.ts().isBefore(t)) {
        continue;
      }
      if (!a.window().isLifetime() && e.ts().isBefore(t.minus(a.window().length()))) {
        continue;
      }
      if (asOfCreated && e.created() != null && e.created().isAfter(t)) {
        continue;
      }
      inWindow.add(i);
    }
    AggregationFunction f = a.function();
    if (f == AggregationFunction.COUNT) {
      return (long) inWindow.size();
    }
    List<Integer> nonNull = new ArrayList<>();
    for (int i : inWindow) {
      if (events.get(i).value() != null) {
        nonNull.add(i);
      }
    }
    boolean floating = columnType == ValueType.FLOAT || columnType == ValueType.DOUBLE;
    switch (f) {
      case SUM:
        if (floating) {
          double s = 0;
          for (int i : nonNull) {
            s += ((Number) events.get(i).value()).doubleValue();
          }
          return s;
        } else {
          long s = 0;
          for (int i : nonNull) {
            s += ((Number) events.get(i).value()).longValue();
          }
          return s;
        }
      case COUNT_DISTINCT:
        Set<Object> distinct = new HashSet<>();
        for (int i : nonNull) {
          Object v = events.get(i).value();
          distinct.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
        }
        return (long) distinct.size();
      default:
        break;
    }
    if (nonNull.isEmpty()) {
      return null;
    }
    switch (f) {
      case AVG:
        {
          double s = 0;
          for (int i : nonNull) {
            s += ((Number) events.get(i).value()).doubleValue();
          }
          return s / nonNull.size();
        }
      case STDDEV:
        {
          double mean = 0;
          for (int i : nonNull) {
            mean += ((Number) events.get(i).value()).doubleValue();
          }
          mean /= nonNull.size();
          double sq = 0;
          for (int i : nonNull) {
            double d = ((Number) events.get(i).value()).doubleValue() - mean;
            sq += d * d;
          }
          return Math.sqrt(sq / nonNull.size());
        }
      case MIN:
      case MAX:
        {
          Object best = null;
          for (int i : nonNull) {
            Object v = events.get(i).value();
            int c = best == null ? 0 : compare(v, best);
            if (best == null || (f == AggregationFunction.MIN ? c < 0 : c > 0)) {
              best = v;
            }
          }
          return best;
        }
      case FIRST:
      case LAST:
        {
          // Later in ingestion order = greater sequence: the last such wins LAST, the first FIRST.
          int best = -1;
          for (int i : nonNull) {
            if (best < 0) {
              best = i;
              continue;
            }
            int c = order(events.get(i), events.get(best), i, best);
            if (f == AggregationFunction.LAST ? c > 0 : c < 0) {
              best = i;
            }
          }
          return events.get(best).value();
        }
      default:
        throw new IllegalStateException("unhandled function " + f);
    }
  }

  /** By event time, then created time (missing = smallest), then ingestion position. */
  private static int order(Event a, Event b, int ia, int ib) {
    int c = a.ts().compareTo(b.ts());
    if (c != 0) {
      return c;
    }
    if (!Objects.equals(a.created(), b.created())) {
      if (a.created() == null) {
        return -1;
      }
      if (b.created() == null) {
        return 1;
      }
      return a.created().compareTo(b.created());
    }
    return Integer.compare(ia, ib);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y); // code point order, which is UTF-8 byte order
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  private static int compareCodePoints(String x, String y) {
    int[] a = x.codePoints().toArray();
    int[] b = y.codePoints().toArray();
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /**
   * Whether a computed value matches the oracle's: exactly, or for DOUBLE results within a relative
   * 1e-9 (an absolute 1e-9 near zero), since engines add floating-point values in any order.
   */
  public static boolean matches(Object expected, Object actual, ValueType type) {
    if (expected == null || actual == null) {
      return expected == null && actual == null;
    }
    if (type == ValueType.DOUBLE || type == ValueType.FLOAT) {
      double e = ((Number) expected).doubleValue();
      double x = ((Number) actual).doubleValue();
      return Math.abs(e - x) <= 1e-9 * Math.max(1, Math.max(Math.abs(e), Math.abs(x)));
    }
    if (expected instanceof byte[] e && actual instanceof byte[] x) {
      return java.util.Arrays.equals(e, x);
    }
    return expected.equals(actual);
  }
}
