package dev.kairos.core.aggregate;

import dev.kairos.api.Field;
import dev.kairos.core.aggregate.AggregationLayout.Partial;
import dev.kairos.core.aggregate.AggregationState.Event;
import dev.kairos.spi.codec.ByteReader;
import java.util.List;

/**
 * The events of a state within one time range, with one partial aggregate per {@link Partial} that
 * the tile stores (see {@link #stores}). Read from bytes, its raw events are decoded only when a
 * window's edge falls inside it, and then once; its encoded body is kept so that a write that does
 * not change the tile copies it instead of encoding it again.
 */
final class Tile {
  /** The fewest events of a tile that stores partials. */
  static final int MIN_EVENTS = 16;

  final long min;
  final long max;
  final int count;

  /** Indexed like {@link AggregationLayout#partials()}; null where the tile stores none. */
  final Accumulator[] partials;

  private List<Event> events;
  private final byte[] src;
  private final int rawStart;
  private final int rawLength;

  /** The encoded partials and raw events ({@code src[bodyStart, bodyEnd)}); -1 when none. */
  final int bodyStart;

  final int bodyEnd;

  private Tile(
      long min,
      long max,
      int count,
      Accumulator[] partials,
      List<Event> events,
      byte[] src,
      int rawStart,
      int rawLength,
      int bodyStart,
      int bodyEnd) {
    this.min = min;
    this.max = max;
    this.count = count;
    this.partials = partials;
    this.events = events;
    this.src = src;
    this.rawStart = rawStart;
    this.rawLength = rawLength;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
  }

  /** A tile read from bytes: its raw block, decoded on demand, starts at {@code src[rawStart]}. */
  static Tile read(
      long min,
      long max,
      int count,
      Accumulator[] partials,
      byte[] src,
      int rawStart,
      int rawLength,
      int bodyStart,
      int bodyEnd) {
    return new Tile(min, max, count, partials, null, src, rawStart, rawLength, bodyStart, bodyEnd);
  }

  /** A tile of events in memory (ascending, not empty), with the given partials. */
  static Tile of(List<Event> events, Accumulator[] partials) {
    return new Tile(
        events.get(0).ts(),
        events.get(events.size() - 1).ts(),
        events.size(),
        partials,
        events,
        null,
        0,
        0,
        -1,
        -1);
  }

  /**
   * A tile of {@code events} (ascending, not empty) with the partials a tile starting at its first
   * event stores in a state whose latest event is at {@code latest}.
   */
  static Tile build(AggregationLayout layout, List<Event> events, long latest) {
    List<Partial> pairs = layout.partials();
    Accumulator[] partials = new Accumulator[pairs.size()];
    long min = events.get(0).ts();
    for (int p = 0; p < partials.length; p++) {
      Partial pair = pairs.get(p);
      if (stores(pair, min, events.size(), latest)) {
        Accumulator acc =
            Accumulator.create(pair.function(), layout.columns().get(pair.column()).type());
        for (Event e : events) {
          AggregationState.addTo(acc, pair.column(), e);
        }
        partials[p] = acc;
      }
    }
    return of(events, partials);
  }

  /**
   * Whether a tile of {@code count} events, the first at {@code min}, stores {@code pair}'s partial
   * in a state whose latest event is at {@code latest}: only when it holds at least {@link
   * #MIN_EVENTS} events (below that, its raw events are cheaper to keep and to read than partials),
   * and a window of the pair can hold the whole tile at a request time at or after {@code latest},
   * that is when {@code min >= latest - maxWindow}.
   */
  static boolean stores(Partial pair, long min, int count, long latest) {
    return count >= MIN_EVENTS
        && (pair.maxWindowMicros() == Long.MAX_VALUE || min >= latest - pair.maxWindowMicros());
  }

  boolean decoded() {
    return events != null;
  }

  /** The tile's events, ascending by (time, sequence); decoded from bytes the first time. */
  List<Event> events(List<Field> columns) {
    if (events == null) {
      ByteReader r = new ByteReader(src, rawStart);
      events = StateCodec.readEvents(r, columns, count, min);
      if (r.pos() != rawStart + rawLength || events.get(count - 1).ts() != max) {
        throw new IllegalArgumentException(
            "aggregation state tile at offset " + rawStart + " does not match its header");
      }
    }
    return events;
  }

  byte[] src() {
    return src;
  }
}
