package dev.kairos.core.aggregate;

import dev.kairos.api.Aggregation;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.codec.ByteReader;
import dev.kairos.spi.codec.ByteWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Format version 1 of the aggregation state, as it was before tiles (commit 1784c87), kept in test
 * scope: it writes the version-1 bytes that {@link AggregationState#decode} must keep reading, and
 * it is the linear baseline ({@link #decode} every event, then scan them per aggregation) that
 * {@code AggregationReadBenchmark} measures the tiles against.
 */
final class AggregationStateV1 {
  static final int VERSION = 1;
  private static final long NO_CREATED = Long.MIN_VALUE;

  private final AggregationLayout layout;
  private final List<Event> events;
  private final Accumulator[] lifetime;
  private long compactedThrough;

  /** One kept event; {@code created} is {@link Long#MIN_VALUE} when it has none. */
  record Event(long ts, long created, long seq, Object[] values) {}

  private AggregationStateV1(AggregationLayout layout, List<Event> events, long compactedThrough) {
    this.layout = layout;
    this.events = events;
    this.compactedThrough = compactedThrough;
    this.lifetime = new Accumulator[layout.lifetime().length];
    for (int i = 0; i < lifetime.length; i++) {
      Aggregation a = layout.view().aggregations().get(layout.lifetime()[i]);
      lifetime[i] =
          Accumulator.create(
              a.function(),
              layout.columns().get(layout.columnIndex()[layout.lifetime()[i]]).type());
    }
  }

  public static AggregationStateV1 empty(AggregationLayout layout) {
    return new AggregationStateV1(layout, new ArrayList<>(), Long.MIN_VALUE);
  }

  /** The number of events kept. */
  public int size() {
    return events.size();
  }

  /** Events before this time (epoch micros) are compacted or dropped; MIN_VALUE when none were. */
  public long compactedThrough() {
    return compactedThrough;
  }

  /** The latest event time kept, or null when the state is empty. */
  public Instant latest() {
    return events.isEmpty() ? null : micros(events.get(events.size() - 1).ts());
  }

  /**
   * Adds events (of this entity), then compacts: events older than the latest minus the horizon go
   * into the lifetime accumulators, or are dropped when there are none.
   *
   * @return the number of events that changed the state (new ones, not already counted or too old)
   */
  public int add(List<EventRow> rows) {
    int added = 0;
    for (EventRow row : rows) {
      long ts = toMicros(row.eventTs());
      if (ts < compactedThrough) {
        continue;
      }
      int at = search(ts, row.seq());
      if (at >= 0) {
        continue;
      }
      long created = row.createdTs() == null ? NO_CREATED : toMicros(row.createdTs());
      events.add(-at - 1, new Event(ts, created, row.seq(), row.values().clone()));
      added++;
    }
    compact();
    return added;
  }

  private void compact() {
    if (events.isEmpty()) {
      return;
    }
    long cut = events.get(events.size() - 1).ts() - layout.horizonMicros();
    if (cut <= compactedThrough) {
      return;
    }
    int end = lowerBound(cut);
    for (int e = 0; e < end; e++) {
      Event ev = events.get(e);
      for (int i = 0; i < lifetime.length; i++) {
        addTo(lifetime[i], layout.lifetime()[i], ev);
      }
    }
    events.subList(0, end).clear();
    compactedThrough = cut;
  }

  private void addTo(Accumulator acc, int aggregation, Event ev) {
    Object v = ev.values()[layout.columnIndex()[aggregation]];
    if (v != null || acc instanceof Accumulator.Count) {
      acc.add(v, ev.ts(), ev.created(), ev.seq());
    }
  }

  /**
   * Every aggregation of the view at request time {@code now}: the events with {@code now - W <= ts
   * < now}, in the view's aggregation order.
   */
  public Object[] evaluate(Instant now) {
    long t = toMicros(now);
    List<Aggregation> aggs = layout.view().aggregations();
    Object[] out = new Object[aggs.size()];
    int hi = lowerBound(t);
    int life = 0;
    for (int i = 0; i < out.length; i++) {
      Aggregation a = aggs.get(i);
      Accumulator acc =
          Accumulator.create(a.function(), layout.columns().get(layout.columnIndex()[i]).type());
      int lo = a.window().isLifetime() ? 0 : lowerBound(t - a.window().micros());
      for (int e = lo; e < hi; e++) {
        addTo(acc, i, events.get(e));
      }
      if (a.window().isLifetime()) {
        acc.merge(lifetime[life++]);
      }
      out[i] = acc.result();
    }
    return out;
  }

  /** The first event with ts >= t. */
  private int lowerBound(long t) {
    int lo = 0;
    int hi = events.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (events.get(mid).ts() < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Binary search by (ts, seq): the index, or -(insertion point) - 1. */
  private int search(long ts, long seq) {
    int lo = 0;
    int hi = events.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Event e = events.get(mid);
      int c = e.ts() != ts ? Long.compare(e.ts(), ts) : Long.compare(e.seq(), seq);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /** The state's bytes (format in {@code docs/online-encoding.md}). */
  public byte[] encode() {
    ByteWriter w = new ByteWriter(32 + events.size() * 24);
    w.u8(VERSION);
    w.fixed64(layout.fingerprint());
    w.zigzag(compactedThrough);
    w.varint(events.size());
    int columns = layout.columns().size();
    long previous = 0;
    for (Event e : events) {
      w.zigzag(e.ts() - previous);
      previous = e.ts();
      w.zigzag(e.created() == NO_CREATED ? 0 : e.created() - e.ts());
      w.u8(e.created() == NO_CREATED ? 0 : 1);
      w.zigzag(e.seq());
      for (int c = 0; c < columns; c++) {
        Accumulator.writeOptional(w, layout.columns().get(c).type(), e.values()[c]);
      }
    }
    for (Accumulator acc : lifetime) {
      acc.write(w);
    }
    return w.toByteArray();
  }

  /**
   * Reads what {@link #encode} wrote for the same layout.
   *
   * @return null when the bytes were written for another layout (the view's aggregations changed;
   *     materialize it again)
   * @throws IllegalArgumentException when the bytes are not a state
   */
  public static AggregationStateV1 decode(AggregationLayout layout, byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0);
    int version = r.u8();
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown aggregation state version " + version);
    }
    if (r.fixed64() != layout.fingerprint()) {
      return null;
    }
    long compacted = r.zigzag();
    int n = r.length();
    int columns = layout.columns().size();
    List<Event> events = new ArrayList<>(n + 4);
    long ts = 0;
    for (int i = 0; i < n; i++) {
      ts += r.zigzag();
      long createdDelta = r.zigzag();
      long created = r.u8() == 0 ? NO_CREATED : ts + createdDelta;
      long seq = r.zigzag();
      Object[] values = new Object[columns];
      for (int c = 0; c < columns; c++) {
        values[c] = Accumulator.readOptional(r, layout.columns().get(c).type());
      }
      events.add(new Event(ts, created, seq, values));
    }
    AggregationStateV1 s = new AggregationStateV1(layout, events, compacted);
    for (Accumulator acc : s.lifetime) {
      acc.read(r);
    }
    if (r.hasMore()) {
      throw new IllegalArgumentException(
          "aggregation state has "
              + (bytes.length - r.pos())
              + " bytes after its end at offset "
              + r.pos()
              + " of "
              + bytes.length);
    }
    return s;
  }

  static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant micros(long m) {
    return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000);
  }
}
