package dev.kairos.core.aggregate;

import dev.kairos.api.Aggregation;
import dev.kairos.spi.EventRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The online aggregation state of one entity in one view: its events within the view's horizon (the
 * longest finite window before its latest event), each identified by event time and ingestion
 * sequence so that adding an event twice changes nothing, plus, for lifetime aggregations, the
 * accumulated value of every older event.
 *
 * <p><b>Exactness.</b> For a request time {@code now} at or after the entity's latest event, every
 * window is computed exactly: a window of length {@code W <= horizon} needs the events from {@code
 * now - W >= latest - horizon}, which are all kept. An event older than {@link #compactedThrough}
 * (the latest event minus the horizon, when the event arrives) cannot change any finite window from
 * then on and is not added; it would be missing from lifetime aggregations only.
 *
 * <p><b>Work per read.</b> The events are grouped into {@link Tile tiles} (see {@link Tiling}),
 * each with a partial aggregate per (function, column). {@link #evaluate} merges the partials of
 * the tiles inside a window and decodes and filters only the raw events of the tiles that a window
 * edge cuts, each at most once: its work is bounded by the number of tiles (about a hundred at
 * most) and the events of the edge tiles, whatever the window length and the events kept. {@link
 * #add} decodes every event and recomputes the tiles it changes. The byte layout and its versions
 * are in {@code docs/online-encoding.md}.
 */
public final class AggregationState {
  static final int VERSION = StateCodec.V2;
  static final long NO_CREATED = Long.MIN_VALUE;

  final AggregationLayout layout;
  final Accumulator[] lifetime;
  List<Tile> tiles;
  private long compactedThrough;

  /** False when the tiles lack partials (read from version 1, or written for other partials). */
  private boolean tiled;

  private long eventsDecoded;

  /** One kept event; {@code created} is {@link Long#MIN_VALUE} when it has none. */
  record Event(long ts, long created, long seq, Object[] values) {}

  AggregationState(
      AggregationLayout layout, List<Tile> tiles, long compactedThrough, boolean tiled) {
    this.layout = layout;
    this.tiles = tiles;
    this.compactedThrough = compactedThrough;
    this.tiled = tiled;
    this.lifetime = new Accumulator[layout.lifetime().length];
    for (int i = 0; i < lifetime.length; i++) {
      Aggregation a = layout.view().aggregations().get(layout.lifetime()[i]);
      lifetime[i] =
          Accumulator.create(
              a.function(),
              layout.columns().get(layout.columnIndex()[layout.lifetime()[i]]).type());
    }
  }

  public static AggregationState empty(AggregationLayout layout) {
    return new AggregationState(layout, new ArrayList<>(), Long.MIN_VALUE, true);
  }

  /** The number of events kept. */
  public int size() {
    int n = 0;
    for (Tile t : tiles) {
      n += t.count;
    }
    return n;
  }

  /** Events before this time (epoch micros) are compacted or dropped; MIN_VALUE when none were. */
  public long compactedThrough() {
    return compactedThrough;
  }

  /** The latest event time kept, or null when the state is empty. */
  public Instant latest() {
    return tiles.isEmpty() ? null : micros(latestMicros());
  }

  long latestMicros() {
    return tiles.isEmpty() ? Long.MIN_VALUE : tiles.get(tiles.size() - 1).max;
  }

  /** Events decoded from bytes so far: what reads cost beyond the tiles' partials. */
  long eventsDecoded() {
    return eventsDecoded;
  }

  int tileCount() {
    return tiles.size();
  }

  /**
   * Adds events (of this entity), then compacts: events older than the latest minus the horizon go
   * into the lifetime accumulators, or are dropped when there are none.
   *
   * @return the number of events that changed the state (new ones, not already counted or too old)
   */
  public int add(List<EventRow> rows) {
    long previousLatest = latestMicros();
    List<Event> events = allEvents(rows.size());
    int added = 0;
    for (EventRow row : rows) {
      long ts = toMicros(row.eventTs());
      if (ts < compactedThrough) {
        continue;
      }
      int at = search(events, ts, row.seq());
      if (at >= 0) {
        continue;
      }
      long created = row.createdTs() == null ? NO_CREATED : toMicros(row.createdTs());
      events.add(-at - 1, new Event(ts, created, row.seq(), row.values().clone()));
      added++;
    }
    boolean compacted = compact(events);
    if (added > 0 || compacted || !tiled) {
      retile(events, previousLatest);
    }
    return added;
  }

  private List<Event> allEvents(int extra) {
    List<Event> events = new ArrayList<>(size() + extra);
    for (Tile t : tiles) {
      events.addAll(t.events(layout.columns()));
    }
    return events;
  }

  /** Folds the events before {@code latest - horizon} into the lifetime accumulators. */
  private boolean compact(List<Event> events) {
    if (events.isEmpty()) {
      return false;
    }
    long cut = events.get(events.size() - 1).ts() - layout.horizonMicros();
    if (cut <= compactedThrough) {
      return false;
    }
    int end = lowerBound(events, 0, events.size(), cut);
    for (int e = 0; e < end; e++) {
      Event ev = events.get(e);
      for (int i = 0; i < lifetime.length; i++) {
        addTo(lifetime[i], layout.columnIndex()[layout.lifetime()[i]], ev);
      }
    }
    events.subList(0, end).clear();
    compactedThrough = cut;
    return true;
  }

  /**
   * Groups {@code events} into tiles by {@link Tiling}, keeping a tile as it was (its bytes
   * included) when it holds the same events as before and stores the same partials. Same first and
   * last event time and count mean the same events: a write only inserts events and removes the
   * oldest ones (before the new first event, then).
   */
  private void retile(List<Event> events, long previousLatest) {
    Map<Long, Tile> before = new HashMap<>();
    if (tiled) {
      tiles.forEach(t -> before.put(t.min, t));
    }
    Tiling tiling = Tiling.of(layout);
    long latest = events.isEmpty() ? Long.MIN_VALUE : events.get(events.size() - 1).ts();
    List<Tile> out = new ArrayList<>();
    int a = 0;
    while (a < events.size()) {
      long min = events.get(a).ts();
      int b = groupEnd(events, a, tiling, latest);
      // Neighbouring tiles too small to store partials are read raw anyway: one tile for them.
      while (b < events.size() && b - a < Tile.MIN_EVENTS) {
        int c = groupEnd(events, b, tiling, latest);
        if (c - a >= Tile.MIN_EVENTS) {
          break;
        }
        b = c;
      }
      long max = events.get(b - 1).ts();
      Tile old = before.get(min);
      if (old != null
          && old.max == max
          && old.count == b - a
          && sameStored(min, b - a, previousLatest, latest)) {
        out.add(old);
      } else {
        out.add(Tile.build(layout, new ArrayList<>(events.subList(a, b)), latest));
      }
      a = b;
    }
    tiles = out;
    tiled = true;
  }

  /** The end of the tile that the rule gives the event at {@code from}. */
  private static int groupEnd(List<Event> events, int from, Tiling tiling, long latest) {
    long ts = events.get(from).ts();
    long end = tiling.tileStart(ts, latest) + tiling.unit(ts, latest);
    return lowerBound(events, from, events.size(), end);
  }

  private boolean sameStored(long min, int count, long latestBefore, long latest) {
    for (AggregationLayout.Partial p : layout.partials()) {
      if (Tile.stores(p, min, count, latestBefore) != Tile.stores(p, min, count, latest)) {
        return false;
      }
    }
    return true;
  }

  static void addTo(Accumulator acc, int column, Event ev) {
    Object v = ev.values()[column];
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
    int life = 0;
    for (int i = 0; i < out.length; i++) {
      Aggregation a = aggs.get(i);
      int column = layout.columnIndex()[i];
      int p = layout.partialIndex()[i];
      Accumulator acc = Accumulator.create(a.function(), layout.columns().get(column).type());
      long start = a.window().isLifetime() ? Long.MIN_VALUE : t - a.window().micros();
      for (int k = firstTileEndingAtOrAfter(start); k < tiles.size(); k++) {
        Tile tile = tiles.get(k);
        if (tile.min >= t) {
          break;
        }
        if (tile.min >= start && tile.max < t && tile.partials[p] != null) {
          acc.merge(tile.partials[p]);
        } else {
          List<Event> events = events(tile);
          int to = lowerBound(events, 0, events.size(), t);
          for (int e = lowerBound(events, 0, to, start); e < to; e++) {
            addTo(acc, column, events.get(e));
          }
        }
      }
      if (a.window().isLifetime()) {
        acc.merge(lifetime[life++]);
      }
      out[i] = acc.result();
    }
    return out;
  }

  private int firstTileEndingAtOrAfter(long start) {
    int lo = 0;
    int hi = tiles.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tiles.get(mid).max < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private List<Event> events(Tile tile) {
    if (!tile.decoded()) {
      eventsDecoded += tile.count;
    }
    return tile.events(layout.columns());
  }

  /** The first event in {@code [lo, hi)} with ts >= t. */
  private static int lowerBound(List<Event> events, int lo, int hi, long t) {
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
  private static int search(List<Event> events, long ts, long seq) {
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

  /** The state's bytes, always in the latest format (see {@code docs/online-encoding.md}). */
  public byte[] encode() {
    if (!tiled) {
      retile(allEvents(0), latestMicros());
    }
    return StateCodec.encode(this);
  }

  /**
   * Reads what {@link #encode} wrote for the same layout, or a state of format version 1, which is
   * written again in the latest format by the next {@link #encode}.
   *
   * @return null when the bytes were written for another layout (the view's columns, horizon or
   *     lifetime aggregations changed; materialize it again)
   * @throws IllegalArgumentException when the bytes are not a state
   */
  public static AggregationState decode(AggregationLayout layout, byte[] bytes) {
    return StateCodec.decode(layout, bytes);
  }

  static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant micros(long m) {
    return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000);
  }
}
