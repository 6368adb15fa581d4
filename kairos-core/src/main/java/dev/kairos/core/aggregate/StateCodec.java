package dev.kairos.core.aggregate;

import dev.kairos.api.Field;
import dev.kairos.core.aggregate.AggregationLayout.Partial;
import dev.kairos.core.aggregate.AggregationState.Event;
import dev.kairos.spi.codec.ByteReader;
import dev.kairos.spi.codec.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of an {@link AggregationState}: format version 2 (tiles) is written, versions 1 (one
 * list of events) and 2 are read. Byte by byte in {@code docs/online-encoding.md}.
 */
final class StateCodec {
  static final int V1 = 1;
  static final int V2 = 2;
  private static final long NO_CREATED = AggregationState.NO_CREATED;

  private StateCodec() {}

  static byte[] encode(AggregationState s) {
    AggregationLayout layout = s.layout;
    ByteWriter w = new ByteWriter(64 + s.size() * 24);
    w.u8(V2);
    w.fixed64(layout.fingerprint());
    w.fixed64(layout.partialsFingerprint());
    w.zigzag(s.compactedThrough());
    long latest = s.latestMicros();
    w.zigzag(latest);
    w.varint(s.tiles.size());
    long previous = 0;
    for (Tile t : s.tiles) {
      w.zigzag(t.min - previous);
      previous = t.max;
      w.varint(t.max - t.min);
      w.varint(t.count);
      if (t.bodyStart >= 0) {
        w.raw(Arrays.copyOfRange(t.src(), t.bodyStart, t.bodyEnd));
        continue;
      }
      ByteWriter partials = new ByteWriter(16 * t.partials.length);
      for (Accumulator acc : t.partials) {
        if (acc != null) {
          acc.write(partials);
        }
      }
      w.bytes(partials.toByteArray());
      ByteWriter raw = new ByteWriter(t.count * 24);
      writeEvents(raw, layout.columns(), t.events(layout.columns()), t.min);
      w.bytes(raw.toByteArray());
    }
    for (Accumulator acc : s.lifetime) {
      acc.write(w);
    }
    return w.toByteArray();
  }

  /** See {@link AggregationState#decode}. */
  static AggregationState decode(AggregationLayout layout, byte[] bytes) {
    ByteReader r = new ByteReader(bytes, 0);
    int version = r.u8();
    if (version != V1 && version != V2) {
      throw new IllegalArgumentException("unknown aggregation state version " + version);
    }
    if (r.fixed64() != layout.fingerprint()) {
      return null;
    }
    AggregationState s = version == V1 ? readV1(layout, r) : readV2(layout, r, bytes);
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

  /** Version 1: every kept event in one list; read as one tile without partials. */
  private static AggregationState readV1(AggregationLayout layout, ByteReader r) {
    long compacted = r.zigzag();
    int n = r.length();
    List<Event> events = readEvents(r, layout.columns(), n, 0);
    List<Tile> tiles = new ArrayList<>(1);
    if (n > 0) {
      tiles.add(Tile.of(events, new Accumulator[layout.partials().size()]));
    }
    return new AggregationState(layout, tiles, compacted, false);
  }

  private static AggregationState readV2(AggregationLayout layout, ByteReader r, byte[] bytes) {
    // Partials written for other aggregations are skipped; the tiles' raw events answer instead.
    boolean partialsMatch = r.fixed64() == layout.partialsFingerprint();
    long compacted = r.zigzag();
    long latest = r.zigzag();
    int n = r.length();
    List<Partial> pairs = layout.partials();
    List<Tile> tiles = new ArrayList<>(Math.min(n, 1_024));
    long previous = 0;
    for (int i = 0; i < n; i++) {
      long min = previous + r.zigzag();
      long max = min + r.varint();
      int count = r.length();
      if (count == 0 || max < min || (i > 0 && min <= previous) || max > latest) {
        throw new IllegalArgumentException(
            "aggregation state tile " + i + " is malformed before offset " + r.pos());
      }
      previous = max;
      int bodyStart = r.pos();
      int partialsLength = r.length();
      int partialsEnd = r.pos() + partialsLength;
      Accumulator[] partials = new Accumulator[pairs.size()];
      if (partialsMatch) {
        for (int p = 0; p < partials.length; p++) {
          Partial pair = pairs.get(p);
          if (Tile.stores(pair, min, count, latest)) {
            partials[p] =
                Accumulator.create(pair.function(), layout.columns().get(pair.column()).type());
            partials[p].read(r);
          }
        }
        if (r.pos() != partialsEnd) {
          throw new IllegalArgumentException(
              "aggregation state tile " + i + " has partials of the wrong length");
        }
      } else {
        r.skip(partialsLength);
      }
      int rawLength = r.length();
      int rawStart = r.pos();
      r.skip(rawLength);
      tiles.add(
          Tile.read(
              min,
              max,
              count,
              partials,
              bytes,
              rawStart,
              rawLength,
              partialsMatch ? bodyStart : -1,
              partialsMatch ? r.pos() : -1));
    }
    if (n > 0 && previous != latest) {
      throw new IllegalArgumentException(
          "aggregation state's latest event " + latest + " is not its last tile's " + previous);
    }
    return new AggregationState(layout, tiles, compacted, partialsMatch);
  }

  /**
   * Events ascending by (time, sequence); times as deltas from the previous event, the first from
   * {@code base}.
   */
  static void writeEvents(ByteWriter w, List<Field> columns, List<Event> events, long base) {
    long previous = base;
    for (Event e : events) {
      w.zigzag(e.ts() - previous);
      previous = e.ts();
      w.zigzag(e.created() == NO_CREATED ? 0 : e.created() - e.ts());
      w.u8(e.created() == NO_CREATED ? 0 : 1);
      w.zigzag(e.seq());
      for (int c = 0; c < columns.size(); c++) {
        Accumulator.writeOptional(w, columns.get(c).type(), e.values()[c]);
      }
    }
  }

  static List<Event> readEvents(ByteReader r, List<Field> columns, int n, long base) {
    List<Event> events = new ArrayList<>(n + 4);
    long ts = base;
    for (int i = 0; i < n; i++) {
      ts += r.zigzag();
      long createdDelta = r.zigzag();
      long created = r.u8() == 0 ? NO_CREATED : ts + createdDelta;
      long seq = r.zigzag();
      Object[] values = new Object[columns.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = Accumulator.readOptional(r, columns.get(c).type());
      }
      events.add(new Event(ts, created, seq, values));
    }
    return events;
  }
}
