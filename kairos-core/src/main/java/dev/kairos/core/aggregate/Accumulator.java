package dev.kairos.core.aggregate;

import dev.kairos.api.AggregationFunction;
import dev.kairos.api.ValueType;
import dev.kairos.spi.codec.ByteReader;
import dev.kairos.spi.codec.ByteWriter;
import dev.kairos.spi.codec.ValueCodec;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * The intermediate value of one aggregation: a monoid that events are added to and that merges with
 * another of its kind, never subtracted (subtraction breaks min and max). One implementation per
 * {@link AggregationFunction}; the online read and the lifetime compaction use them alike.
 *
 * <p>{@link #add} receives non-null values only, except for {@code count}, which counts every
 * event. Order keys: event time, created time ({@link Long#MIN_VALUE} when missing), ingestion
 * sequence.
 */
abstract class Accumulator {
  final ValueType column;

  Accumulator(ValueType column) {
    this.column = column;
  }

  static Accumulator create(AggregationFunction f, ValueType column) {
    return switch (f) {
      case COUNT -> new Count(column);
      case SUM -> new Sum(column);
      case AVG -> new Avg(column);
      case MIN -> new Extreme(column, -1);
      case MAX -> new Extreme(column, 1);
      case FIRST -> new Edge(column, -1);
      case LAST -> new Edge(column, 1);
      case COUNT_DISTINCT -> new Distinct(column);
      case STDDEV -> new Stddev(column);
    };
  }

  abstract void add(Object value, long ts, long created, long seq);

  /** Adds {@code other}'s events; {@code other} is of the same kind and column. */
  abstract void merge(Accumulator other);

  /** The aggregation's value: 0 or null for an empty accumulator, as its function says. */
  abstract Object result();

  abstract void write(ByteWriter w);

  abstract void read(ByteReader r);

  static int compareValues(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    @SuppressWarnings("unchecked")
    Comparable<Object> c = (Comparable<Object>) a;
    return c.compareTo(b);
  }

  /** UTF-8 byte order, which is what the SQL engines compare ({@code COLLATE "C"}). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static final class Count extends Accumulator {
    long n;

    Count(ValueType column) {
      super(column);
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      n++;
    }

    @Override
    void merge(Accumulator other) {
      n += ((Count) other).n;
    }

    @Override
    Object result() {
      return n;
    }

    @Override
    void write(ByteWriter w) {
      w.varint(n);
    }

    @Override
    void read(ByteReader r) {
      n = r.varint();
    }
  }

  static final class Sum extends Accumulator {
    final boolean floating;
    long integral;
    double real;

    Sum(ValueType column) {
      super(column);
      floating = column == ValueType.FLOAT || column == ValueType.DOUBLE;
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      if (floating) {
        real += ((Number) value).doubleValue();
      } else {
        integral += ((Number) value).longValue();
      }
    }

    @Override
    void merge(Accumulator other) {
      Sum o = (Sum) other;
      integral += o.integral;
      real += o.real;
    }

    @Override
    Object result() {
      return floating ? (Object) real : (Object) integral;
    }

    @Override
    void write(ByteWriter w) {
      if (floating) {
        w.fixed64(Double.doubleToRawLongBits(real));
      } else {
        w.zigzag(integral);
      }
    }

    @Override
    void read(ByteReader r) {
      if (floating) {
        real = Double.longBitsToDouble(r.fixed64());
      } else {
        integral = r.zigzag();
      }
    }
  }

  static final class Avg extends Accumulator {
    long n;
    double sum;

    Avg(ValueType column) {
      super(column);
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      n++;
      sum += ((Number) value).doubleValue();
    }

    @Override
    void merge(Accumulator other) {
      Avg o = (Avg) other;
      n += o.n;
      sum += o.sum;
    }

    @Override
    Object result() {
      return n == 0 ? null : sum / n;
    }

    @Override
    void write(ByteWriter w) {
      w.varint(n);
      w.fixed64(Double.doubleToRawLongBits(sum));
    }

    @Override
    void read(ByteReader r) {
      n = r.varint();
      sum = Double.longBitsToDouble(r.fixed64());
    }
  }

  /** Welford's running mean and sum of squared deviations, merged with Chan's formula. */
  static final class Stddev extends Accumulator {
    long n;
    double mean;
    double m2;

    Stddev(ValueType column) {
      super(column);
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      double x = ((Number) value).doubleValue();
      n++;
      double delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }

    @Override
    void merge(Accumulator other) {
      Stddev o = (Stddev) other;
      if (o.n == 0) {
        return;
      }
      long total = n + o.n;
      double delta = o.mean - mean;
      mean += delta * o.n / total;
      m2 += o.m2 + delta * delta * ((double) n * o.n / total);
      n = total;
    }

    @Override
    Object result() {
      return n == 0 ? null : Math.sqrt(Math.max(0, m2) / n);
    }

    @Override
    void write(ByteWriter w) {
      w.varint(n);
      w.fixed64(Double.doubleToRawLongBits(mean));
      w.fixed64(Double.doubleToRawLongBits(m2));
    }

    @Override
    void read(ByteReader r) {
      n = r.varint();
      mean = Double.longBitsToDouble(r.fixed64());
      m2 = Double.longBitsToDouble(r.fixed64());
    }
  }

  /** min (sign -1) or max (sign 1). */
  static final class Extreme extends Accumulator {
    final int sign;
    Object best;

    Extreme(ValueType column, int sign) {
      super(column);
      this.sign = sign;
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      if (best == null || sign * compareValues(value, best) > 0) {
        best = value;
      }
    }

    @Override
    void merge(Accumulator other) {
      Object o = ((Extreme) other).best;
      if (o != null) {
        add(o, 0, 0, 0);
      }
    }

    @Override
    Object result() {
      return best;
    }

    @Override
    void write(ByteWriter w) {
      writeOptional(w, column, best);
    }

    @Override
    void read(ByteReader r) {
      best = readOptional(r, column);
    }
  }

  /** first (sign -1) or last (sign 1) by (event time, created time, sequence). */
  static final class Edge extends Accumulator {
    final int sign;
    Object value;
    long ts;
    long created;
    long seq;

    Edge(ValueType column, int sign) {
      super(column);
      this.sign = sign;
    }

    @Override
    void add(Object v, long t, long c, long s) {
      if (value == null || sign * compareOrder(t, c, s) > 0) {
        value = v;
        ts = t;
        created = c;
        seq = s;
      }
    }

    private int compareOrder(long t, long c, long s) {
      int x = Long.compare(t, ts);
      if (x == 0) {
        x = Long.compare(c, created);
      }
      return x != 0 ? x : Long.compare(s, seq);
    }

    @Override
    void merge(Accumulator other) {
      Edge o = (Edge) other;
      if (o.value != null) {
        add(o.value, o.ts, o.created, o.seq);
      }
    }

    @Override
    Object result() {
      return value;
    }

    @Override
    void write(ByteWriter w) {
      writeOptional(w, column, value);
      if (value != null) {
        w.zigzag(ts);
        w.zigzag(created);
        w.zigzag(seq);
      }
    }

    @Override
    void read(ByteReader r) {
      value = readOptional(r, column);
      if (value != null) {
        ts = r.zigzag();
        created = r.zigzag();
        seq = r.zigzag();
      }
    }
  }

  static final class Distinct extends Accumulator {
    final Set<Object> seen = new HashSet<>();

    Distinct(ValueType column) {
      super(column);
    }

    @Override
    void add(Object value, long ts, long created, long seq) {
      seen.add(value instanceof byte[] b ? ByteBuffer.wrap(b) : value);
    }

    @Override
    void merge(Accumulator other) {
      seen.addAll(((Distinct) other).seen);
    }

    @Override
    Object result() {
      return (long) seen.size();
    }

    @Override
    void write(ByteWriter w) {
      w.varint(seen.size());
      for (Object v : seen) {
        ValueCodec.write(w, column, v instanceof ByteBuffer b ? b.array() : v);
      }
    }

    @Override
    void read(ByteReader r) {
      long n = r.varint();
      for (long i = 0; i < n; i++) {
        add(ValueCodec.read(r, column), 0, 0, 0);
      }
    }
  }

  static void writeOptional(ByteWriter w, ValueType type, Object v) {
    w.u8(v == null ? 0 : 1);
    if (v != null) {
      ValueCodec.write(w, type, v);
    }
  }

  static Object readOptional(ByteReader r, ValueType type) {
    return r.u8() == 0 ? null : ValueCodec.read(r, type);
  }
}
