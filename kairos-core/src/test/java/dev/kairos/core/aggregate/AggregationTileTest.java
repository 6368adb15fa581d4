package dev.kairos.core.aggregate;

import static dev.kairos.api.AggregationFunction.MAX;
import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.S10;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static dev.kairos.core.aggregate.AggregationFixtures.agg;
import static dev.kairos.core.aggregate.AggregationFixtures.layout;
import static dev.kairos.core.aggregate.AggregationFixtures.rows;
import static dev.kairos.core.aggregate.AggregationFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Aggregation;
import dev.kairos.api.FeatureView;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.codec.ByteWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tiles: what a read decodes, and states written in format version 1 or for other partials. */
class AggregationTileTest {
  static final int EVENTS = 100_000;

  @Test
  void evaluate_ofA100kEventState_decodesOnlyTheTilesAWindowEdgeCuts_andEqualsTheOracle() {
    List<EventRow> events = TemplateView.events(EVENTS, 30, 7);
    AggregationState written = AggregationState.empty(TemplateView.LAYOUT);
    for (int day = 0; day < 30; day++) { // daily batches, as an incremental materialization
      int from = day * EVENTS / 30;
      written.add(events.subList(from, (day + 1) * EVENTS / 30));
    }
    Instant latest = written.latest();

    for (Instant now : List.of(latest.plusMillis(1), latest, latest.plusSeconds(5_000))) {
      AggregationState read = AggregationState.decode(TemplateView.LAYOUT, written.encode());
      Object[] actual = read.evaluate(now);

      assertThat(TemplateView.mismatches(TemplateView.expected(events, now), actual))
          .as("at %s", now)
          .isEmpty();
      assertThat(read.eventsDecoded()).as("at %s", now).isEqualTo(rawEventsNeeded(read, now));
      assertThat(read.eventsDecoded()).as("at %s", now).isLessThan(EVENTS / 20);
      assertThat(read.tileCount()).isLessThanOrEqualTo(112);
    }
  }

  /** The events of the tiles some window reads raw: cut by an edge, or without the partial. */
  static long rawEventsNeeded(AggregationState state, Instant now) {
    long t = AggregationState.toMicros(now);
    Set<Tile> raw = new LinkedHashSet<>();
    List<Aggregation> aggs = state.layout.view().aggregations();
    for (int i = 0; i < aggs.size(); i++) {
      Aggregation a = aggs.get(i);
      long start = a.window().isLifetime() ? Long.MIN_VALUE : t - a.window().micros();
      for (Tile tile : state.tiles) {
        boolean overlaps = tile.max >= start && tile.min < t;
        boolean inside = tile.min >= start && tile.max < t;
        if (overlaps && !(inside && tile.partials[state.layout.partialIndex()[i]] != null)) {
          raw.add(tile);
        }
      }
    }
    return raw.stream().mapToLong(tile -> tile.count).sum();
  }

  @Test
  void decode_ofVersion1Bytes_evaluatesAsVersion1Did_thenWritesVersion2() {
    AggregationLayout layout = layout(TXN);
    List<Ev> events = AggregationStateSizeTest.events(new Random(3));
    AggregationStateV1 v1 = AggregationStateV1.empty(layout);
    v1.add(rows(layout, events));
    byte[] v1Bytes = v1.encode();
    assertThat(v1Bytes[0]).isEqualTo((byte) 1);

    AggregationState upgraded = AggregationState.decode(layout, v1Bytes);

    assertThat(upgraded.size()).isEqualTo(v1.size());
    assertThat(upgraded.latest()).isEqualTo(v1.latest());
    assertThat(upgraded.compactedThrough()).isEqualTo(v1.compactedThrough());
    Instant latest = v1.latest();
    for (Instant now : List.of(latest, latest.plusMillis(1), latest.plusSeconds(30))) {
      assertThat(upgraded.evaluate(now)).as("at %s", now).containsExactly(v1.evaluate(now));
    }
    byte[] v2Bytes = upgraded.encode();
    assertThat(v2Bytes[0]).isEqualTo((byte) AggregationState.VERSION);
    AggregationState again = AggregationState.decode(layout, v2Bytes);
    assertThat(again.tileCount()).isGreaterThan(1);
    Instant now = latest.plusMillis(1);
    Object[] expected = AggregationFixtures.expected(TXN, events, 1, now);
    assertThat(AggregationFixtures.mismatches(TXN, expected, again.evaluate(now))).isEmpty();

    List<Ev> more = List.of(new Ev(1, latest.plusSeconds(1), null, 99_999_999L, 5.0, 1, "z"));
    AggregationState merged = AggregationState.decode(layout, v1Bytes);
    merged.add(rows(layout, more));
    List<Ev> all = new ArrayList<>(events);
    all.addAll(more);
    Instant later = latest.plusSeconds(2);
    assertThat(
            AggregationFixtures.mismatches(
                TXN, AggregationFixtures.expected(TXN, all, 1, later), merged.evaluate(later)))
        .isEmpty();
  }

  @Test
  void decode_ofAnEmptyVersion1State_isEmpty() {
    AggregationLayout layout = layout(TXN);
    AggregationState s = AggregationState.decode(layout, AggregationStateV1.empty(layout).encode());
    assertThat(s.size()).isZero();
    assertThat(s.latest()).isNull();
    assertThat(s.encode()).isEqualTo(AggregationState.empty(layout).encode());
  }

  @Test
  void decode_ofTilesWrittenForOtherPartials_readsTheirRawEvents_untilTheNextWrite() {
    AggregationLayout layout = layout(TXN);
    List<Ev> events = AggregationStateSizeTest.events(new Random(5));
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, events));
    List<Aggregation> more = new ArrayList<>(TXN.aggregations());
    more.add(agg(MAX, "amount", S10));
    FeatureView wider = view("txn", more.toArray(Aggregation[]::new));
    AggregationLayout widerLayout = layout(wider);
    assertThat(widerLayout.fingerprint()).isEqualTo(layout.fingerprint());
    assertThat(widerLayout.partialsFingerprint()).isNotEqualTo(layout.partialsFingerprint());

    AggregationState read = AggregationState.decode(widerLayout, state.encode());

    Instant now = state.latest().plusMillis(1);
    Object[] expected = AggregationFixtures.expected(wider, events, 1, now);
    assertThat(AggregationFixtures.mismatches(wider, expected, read.evaluate(now))).isEmpty();
    assertThat(read.eventsDecoded()).isEqualTo(read.size());
    AggregationState rewritten = AggregationState.decode(widerLayout, read.encode());
    assertThat(AggregationFixtures.mismatches(wider, expected, rewritten.evaluate(now))).isEmpty();
    assertThat(rewritten.eventsDecoded()).isLessThan(rewritten.size());
  }

  @Test
  void evaluate_ofATileWhoseRawEventsDoNotMatchItsHeader_fails_whenTheTileIsRead() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, List.of(AggregationFixtures.ev(1, 5, 1.0, 1, "a"))));
    byte[] bytes = state.encode();
    long ts = AggregationState.toMicros(BASE.plusSeconds(5));
    ByteWriter header = new ByteWriter(64);
    header.u8(AggregationState.VERSION);
    header.fixed64(layout.fingerprint());
    header.fixed64(layout.partialsFingerprint());
    header.zigzag(state.compactedThrough());
    header.zigzag(ts);
    header.varint(1); // tiles
    header.zigzag(ts); // min
    header.varint(0); // max - min
    int countAt = header.size();
    assertThat(bytes[countAt]).isEqualTo((byte) 1);
    bytes[countAt] = 2; // the header now claims two events; the raw block holds one

    AggregationState read = AggregationState.decode(layout, bytes);

    assertThatThrownBy(() -> read.evaluate(BASE.plusSeconds(6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregation state tile at offset 46 does not match its header");
  }

  @Test
  void tiling_ofTheTemplateView_runsFrom10sTilesTo1dTiles() {
    Tiling tiling = Tiling.of(TemplateView.LAYOUT);
    assertThat(tiling.finest()).isEqualTo(10_000_000L);
    assertThat(tiling.top()).isEqualTo(86_400_000_000L);
    long latest = AggregationState.toMicros(BASE) + 12_345_678_901L;
    assertThat(tiling.unit(latest, latest)).isEqualTo(10_000_000L);
    assertThat(tiling.unit(latest - 3_600_000_000L, latest)).isEqualTo(600_000_000L);
    assertThat(tiling.unit(latest - 10 * 86_400_000_000L, latest)).isEqualTo(86_400_000_000L);
  }
}
