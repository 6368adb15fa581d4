package dev.kairos.core.aggregate;

import static dev.kairos.api.AggregationFunction.AVG;
import static dev.kairos.api.AggregationFunction.COUNT;
import static dev.kairos.api.AggregationFunction.COUNT_DISTINCT;
import static dev.kairos.api.AggregationFunction.FIRST;
import static dev.kairos.api.AggregationFunction.LAST;
import static dev.kairos.api.AggregationFunction.MAX;
import static dev.kairos.api.AggregationFunction.MIN;
import static dev.kairos.api.AggregationFunction.STDDEV;
import static dev.kairos.api.AggregationFunction.SUM;
import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.LIFE;
import static dev.kairos.core.aggregate.AggregationFixtures.S10;
import static dev.kairos.core.aggregate.AggregationFixtures.S60;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static dev.kairos.core.aggregate.AggregationFixtures.agg;
import static dev.kairos.core.aggregate.AggregationFixtures.ev;
import static dev.kairos.core.aggregate.AggregationFixtures.layout;
import static dev.kairos.core.aggregate.AggregationFixtures.rows;
import static dev.kairos.core.aggregate.AggregationFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.spi.EventRow;
import dev.kairos.testkit.AggregationOracle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregationStateTest {
  /** Three events in the last 10s before NOW (one with nulls), one 30s before, one 100s before. */
  static final List<Ev> EVENTS =
      List.of(
          ev(1, 0, 100.0, 7, "m"),
          ev(2, 70, 4.0, 3, "b"),
          ev(3, 92, 1.0, 2, "c"),
          ev(4, 95, null, null, null),
          ev(5, 99, 3.0, 5, "a"));

  static final Instant NOW = BASE.plusSeconds(100);

  static Object valueAt(Aggregation a, List<Ev> events, Instant now) {
    AggregationLayout layout = layout(view("v", a));
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, events));
    return state.evaluate(now)[0];
  }

  static Object at(AggregationFunction f, String column, Window w) {
    return valueAt(agg(f, column, w), EVENTS, NOW);
  }

  @Test
  void count_countsEveryEventOfTheWindow_nullsIncluded() {
    assertThat(at(COUNT, "amount", S10)).isEqualTo(3L);
    assertThat(at(COUNT, "amount", S60)).isEqualTo(4L);
    assertThat(at(COUNT, "amount", LIFE)).isEqualTo(5L);
  }

  @Test
  void sum_isInt64ForIntegerColumns_andDoubleOtherwise_ignoringNulls() {
    assertThat(at(SUM, "qty", S10)).isEqualTo(7L);
    assertThat(at(SUM, "amount", S60)).isEqualTo(8.0);
    assertThat(at(SUM, "qty", LIFE)).isEqualTo(17L);
  }

  @Test
  void avg_dividesByTheNonNullValues() {
    assertThat(at(AVG, "amount", S10)).isEqualTo(2.0);
    assertThat(at(AVG, "qty", LIFE)).isEqualTo(17.0 / 4);
  }

  @Test
  void minAndMax_keepTheColumnsType_andCompareStringsByCodePoint() {
    assertThat(at(MIN, "amount", S60)).isEqualTo(1.0);
    assertThat(at(MAX, "qty", S10)).isEqualTo(5);
    assertThat(at(MIN, "merchant", LIFE)).isEqualTo("a");
    assertThat(at(MAX, "merchant", S60)).isEqualTo("c");
    List<Ev> unicode = List.of(ev(1, 1, null, null, "\uFFFF"), ev(2, 2, null, null, "😀"));
    assertThat(valueAt(agg(MAX, "merchant", LIFE), unicode, NOW)).isEqualTo("😀");
  }

  @Test
  void firstAndLast_skipNullValues() {
    assertThat(at(FIRST, "merchant", S10)).isEqualTo("c");
    assertThat(at(LAST, "merchant", S60)).isEqualTo("a");
    assertThat(at(FIRST, "amount", LIFE)).isEqualTo(100.0);
    List<Ev> lastIsNull = List.of(ev(1, 1, 1.0, 1, "x"), ev(2, 2, null, null, null));
    assertThat(valueAt(agg(LAST, "merchant", LIFE), lastIsNull, NOW)).isEqualTo("x");
  }

  @Test
  void countDistinct_countsDifferentNonNullValues() {
    List<Ev> repeated = new ArrayList<>(EVENTS);
    repeated.add(ev(6, 99, 1.0, 2, "c"));
    assertThat(valueAt(agg(COUNT_DISTINCT, "merchant", S60), repeated, NOW)).isEqualTo(3L);
    assertThat(valueAt(agg(COUNT_DISTINCT, "qty", LIFE), repeated, NOW)).isEqualTo(4L);
  }

  @Test
  void stddev_isThePopulationStandardDeviation() {
    // 4, 1, 3: mean 8/3, squared deviations 16/9 + 25/9 + 1/9 = 42/9, divided by 3
    assertThat((double) at(STDDEV, "amount", S60)).isCloseTo(Math.sqrt(42.0 / 27), within(1e-12));
    assertThat(valueAt(agg(STDDEV, "amount", S10), List.of(ev(1, 95, 5.0, 1, "a")), NOW))
        .isEqualTo(0.0);
  }

  @Test
  void window_includesItsStart_andExcludesTheRequestTime() {
    List<Ev> edges = List.of(ev(1, 90, 1.0, 1, "start"), ev(2, 100, 2.0, 2, "now"));
    assertThat(valueAt(agg(COUNT, "amount", S10), edges, NOW)).isEqualTo(1L);
    assertThat(valueAt(agg(LAST, "merchant", S10), edges, NOW)).isEqualTo("start");
    assertThat(valueAt(agg(COUNT, "amount", S10), edges, NOW.plusNanos(1000))).isEqualTo(1L);
    assertThat(valueAt(agg(LAST, "merchant", S10), edges, NOW.plusNanos(1000))).isEqualTo("now");
    assertThat(valueAt(agg(COUNT, "amount", LIFE), edges, NOW)).isEqualTo(1L);
  }

  @Test
  void emptyWindow_givesZeroForCountCountDistinctAndSum_andNullOtherwise() {
    List<Ev> old = List.of(ev(1, 0, 1.0, 1, "a"));
    for (AggregationFunction f : AggregationFunction.values()) {
      String column = f == COUNT_DISTINCT ? "qty" : "amount";
      Object expected = f == COUNT || f == COUNT_DISTINCT ? (Object) 0L : f == SUM ? 0.0 : null;
      assertThat(valueAt(agg(f, column, S10), old, NOW)).as(f.id()).isEqualTo(expected);
    }
    assertThat(valueAt(agg(SUM, "qty", S10), old, NOW)).isEqualTo(0L);
  }

  @Test
  void onlyNullsInTheWindow_readAsAnEmptyWindow_exceptForCount() {
    List<Ev> nulls = List.of(ev(1, 95, null, null, null));
    assertThat(valueAt(agg(COUNT, "amount", S10), nulls, NOW)).isEqualTo(1L);
    assertThat(valueAt(agg(SUM, "qty", S10), nulls, NOW)).isEqualTo(0L);
    assertThat(valueAt(agg(AVG, "amount", S10), nulls, NOW)).isNull();
    assertThat(valueAt(agg(LAST, "merchant", S10), nulls, NOW)).isNull();
  }

  @Test
  void ties_onEventTime_areBrokenByCreatedTime_missingSmallest_thenByIngestionOrder() {
    Instant t = BASE.plusSeconds(95);
    List<Ev> ties =
        List.of(
            new Ev(1, t, BASE.plusSeconds(3), 10, null, null, "created-3"),
            new Ev(1, t, null, 11, null, null, "no-created"),
            new Ev(1, t, BASE.plusSeconds(5), 12, null, null, "created-5-first"),
            new Ev(1, t, BASE.plusSeconds(5), 13, null, null, "created-5-last"));
    assertThat(valueAt(agg(LAST, "merchant", S10), ties, NOW)).isEqualTo("created-5-last");
    assertThat(valueAt(agg(FIRST, "merchant", S10), ties, NOW)).isEqualTo("no-created");
    assertThat(valueAt(agg(LAST, "merchant", LIFE), ties, NOW)).isEqualTo("created-5-last");
    List<Ev> reversed = new ArrayList<>(ties);
    Collections.reverse(reversed);
    assertThat(valueAt(agg(LAST, "merchant", S10), reversed, NOW)).isEqualTo("created-5-last");
    assertThat(valueAt(agg(FIRST, "merchant", S10), reversed, NOW)).isEqualTo("no-created");
  }

  @Test
  void add_ofEventsAlreadyCounted_changesNothing_andReportsNoneAdded() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    assertThat(state.add(rows(layout, EVENTS))).isEqualTo(5);
    Object[] once = state.evaluate(NOW);

    assertThat(state.add(rows(layout, EVENTS))).isZero();
    assertThat(state.add(rows(layout, List.of(EVENTS.get(4), EVENTS.get(0))))).isZero();

    assertThat(state.evaluate(NOW)).containsExactly(once);
    assertThat(state.size()).isEqualTo(4); // the event at 0s is older than 99s - 60s
  }

  @Test
  void add_ofADifferentEventAtTheSameTime_countsIt() {
    AggregationLayout layout = layout(view("v", agg(COUNT, "amount", S10)));
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, List.of(ev(1, 95, 1.0, 1, "a"))));

    assertThat(state.add(rows(layout, List.of(ev(2, 95, 1.0, 1, "a"))))).isEqualTo(1);
    assertThat(state.evaluate(NOW)).containsExactly(2L);
  }

  @Test
  void compaction_dropsEventsOlderThanTheHorizon_intoLifetimeAccumulators() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, EVENTS.subList(0, 2))); // 0s and 70s: 0s < 70s - 60s
    assertThat(state.size()).isEqualTo(1);
    assertThat(state.compactedThrough()).isEqualTo(AggregationState.toMicros(BASE.plusSeconds(10)));

    state.add(rows(layout, EVENTS.subList(2, 5)));

    assertThat(state.size()).isEqualTo(4);
    assertThat(state.latest()).isEqualTo(BASE.plusSeconds(99));
    Object[] all = AggregationFixtures.expected(TXN, EVENTS, 1, NOW);
    assertThat(AggregationFixtures.mismatches(TXN, all, state.evaluate(NOW))).isEmpty();
  }

  @Test
  void compaction_withoutLifetimeWindows_dropsOldEvents() {
    AggregationLayout layout = layout(AggregationFixtures.RECENT);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, EVENTS));

    assertThat(state.size()).isEqualTo(4); // 70s..99s are within 30s of... 99s - 30s = 69s
    state.add(rows(layout, List.of(ev(9, 200, 1.0, 1, "z"))));
    assertThat(state.size()).isEqualTo(1);
    assertThat(state.evaluate(BASE.plusSeconds(201))).containsExactly(1L, 1L, "z");
  }

  @Test
  void add_ofAnEventOlderThanTheCompactedTime_ignoresIt() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, EVENTS.subList(1, 5)));
    long compacted = state.compactedThrough(); // 99s - 60s = 39s

    assertThat(state.add(rows(layout, List.of(ev(9, 38, 1.0, 1, "late"))))).isZero();
    assertThat(state.add(rows(layout, List.of(ev(10, 39, 1.0, 1, "inTime"))))).isEqualTo(1);
    assertThat(state.compactedThrough()).isEqualTo(compacted);
  }

  @Test
  void encode_thenDecode_givesAStateThatEvaluatesAlike_andEncodesToTheSameBytes() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    List<Ev> events = new ArrayList<>(EVENTS);
    events.add(new Ev(1, BASE.plusSeconds(99), BASE.plusSeconds(120), 6, -0.0, -3, "é"));
    state.add(rows(layout, events));
    byte[] bytes = state.encode();

    AggregationState back = AggregationState.decode(layout, bytes);

    assertThat(back.size()).isEqualTo(state.size());
    assertThat(back.latest()).isEqualTo(state.latest());
    assertThat(back.compactedThrough()).isEqualTo(state.compactedThrough());
    for (long s : new long[] {99, 100, 105, 150, 1_000}) {
      Instant t = BASE.plusSeconds(s);
      assertThat(back.evaluate(t)).as("at %s", t).containsExactly(state.evaluate(t));
    }
    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(bytes[0]).isEqualTo((byte) AggregationState.VERSION);
  }

  @Test
  void encode_ofAnEmptyState_decodesToAnEmptyState() {
    AggregationLayout layout = layout(TXN);
    AggregationState back =
        AggregationState.decode(layout, AggregationState.empty(layout).encode());
    assertThat(back.size()).isZero();
    assertThat(back.latest()).isNull();
  }

  @Test
  void decode_ofAStateWrittenForAnotherLayout_readsAsAbsent() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, EVENTS));
    AggregationLayout longer =
        layout(
            view("v", agg(COUNT, "amount", S10), agg(SUM, "qty", Window.of(Duration.ofHours(1)))));

    assertThat(longer.fingerprint()).isNotEqualTo(layout.fingerprint());
    assertThat(AggregationState.decode(longer, state.encode())).isNull();
  }

  @Test
  void layoutFingerprint_ignoresFiniteWindowsBelowTheHorizon_andNames() {
    AggregationLayout a = layout(view("a", agg(COUNT, "amount", S10), agg(SUM, "qty", S60)));
    AggregationLayout b = layout(view("b", agg(SUM, "amount", S60), agg(MAX, "qty", S10)));
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
  }

  @Test
  void decode_ofAnUnknownVersion_orTruncatedBytes_orTrailingBytes_fails() {
    AggregationLayout layout = layout(TXN);
    AggregationState state = AggregationState.empty(layout);
    state.add(rows(layout, EVENTS));
    byte[] bytes = state.encode();
    byte[] future = bytes.clone();
    future[0] = 3;
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> AggregationState.decode(layout, future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown aggregation state version 3");
    assertThatThrownBy(() -> AggregationState.decode(layout, Arrays.copyOf(bytes, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated");
    assertThatThrownBy(() -> AggregationState.decode(layout, longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "aggregation state has "
                + 1
                + " bytes after its end at offset "
                + bytes.length
                + " of "
                + longer.length);
  }

  @Test
  void storedViews_addEachAggregatingViewsHiddenStorageView() {
    assertThat(
            AggregationLayout.storedViews(AggregationFixtures.DEFS).stream().map(FeatureView::name))
        .containsExactly("txn", "recent", "txn#aggregations", "recent#aggregations");
  }

  @Test
  void storageView_expiresOneHorizonAfterItsLatestEvent_onlyWithoutLifetimeWindows() {
    assertThat(layout(AggregationFixtures.RECENT).storageView().ttl())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(layout(TXN).storageView().ttl()).isEqualTo(Duration.ZERO);
  }

  @Test
  void otherColumnTypes_aggregateAsTheOracleDoes_beforeAndAfterEncoding() {
    Source kinds =
        new Source(
            "kinds",
            "kinds",
            List.of(
                new Field("user_id", ValueType.INT64),
                new Field("ts", ValueType.TIMESTAMP),
                new Field("f", ValueType.FLOAT),
                new Field("l", ValueType.INT64),
                new Field("b", ValueType.BOOL),
                new Field("y", ValueType.BYTES),
                new Field("t", ValueType.TIMESTAMP)),
            "ts",
            null,
            "",
            null);
    List<Aggregation> aggs = new ArrayList<>();
    String[][] plan = {
      {"f", "sum"},
      {"f", "min"},
      {"f", "stddev"},
      {"f", "last"},
      {"l", "sum"},
      {"l", "max"},
      {"b", "count_distinct"},
      {"b", "first"},
      {"y", "count_distinct"},
      {"y", "last"},
      {"t", "max"},
      {"t", "min"},
      {"t", "count_distinct"}
    };
    for (String[] p : plan) {
      ValueType type = kinds.field(p[0]).orElseThrow().type();
      AggregationFunction f = AggregationFunction.parse(p[1]).orElseThrow();
      for (Window w : List.of(S10, LIFE)) {
        aggs.add(
            new Aggregation(Aggregation.defaultName(p[0], f, w), p[0], f, w, f.resultType(type)));
      }
    }
    FeatureView v =
        new FeatureView(
            "kinds",
            List.of("user"),
            "kinds",
            Duration.ZERO,
            List.of(),
            true,
            Map.of(),
            "",
            "",
            aggs);
    AggregationLayout layout = AggregationLayout.of(v, kinds);
    List<Object[]> values = new ArrayList<>();
    values.add(new Object[] {1.5f, 1L << 40, true, new byte[] {1, 2}, BASE});
    values.add(new Object[] {-0.25f, -3L, false, new byte[] {1, 2}, BASE.plusSeconds(1)});
    values.add(new Object[] {null, null, null, null, null});
    values.add(new Object[] {2.0f, 7L, true, new byte[] {}, BASE.minusNanos(1000)});
    values.add(new Object[] {3.5f, 0L, true, new byte[] {9}, BASE.plusSeconds(1)});
    long[] seconds = {0, 50, 91, 95, 99};
    List<EventRow> rows = new ArrayList<>();
    List<List<AggregationOracle.Event>> oracle = new ArrayList<>();
    for (int c = 0; c < layout.columns().size(); c++) {
      oracle.add(new ArrayList<>());
    }
    for (int i = 0; i < seconds.length; i++) {
      Object[] row = new Object[layout.columns().size()];
      for (int c = 0; c < row.length; c++) {
        int source = List.of("f", "l", "b", "y", "t").indexOf(layout.columns().get(c).name());
        row[c] = values.get(i)[source];
        oracle
            .get(c)
            .add(
                new AggregationOracle.Event(
                    List.of(1L), BASE.plusSeconds(seconds[i]), null, row[c]));
      }
      rows.add(new EventRow(EntityKey.of(1L), BASE.plusSeconds(seconds[i]), null, i + 1, row));
    }
    AggregationState state = AggregationState.empty(layout);
    state.add(rows);
    AggregationState back = AggregationState.decode(layout, state.encode());
    for (AggregationState s : List.of(state, back)) {
      Object[] actual = s.evaluate(NOW);
      for (int i = 0; i < aggs.size(); i++) {
        Aggregation a = aggs.get(i);
        int c = layout.columnIndex()[i];
        Object expected =
            AggregationOracle.value(
                a, layout.columns().get(c).type(), oracle.get(c), List.of(1L), NOW, false);
        assertThat(AggregationOracle.matches(expected, actual[i], a.type()))
            .as("%s: expected %s but was %s", a.name(), expected, actual[i])
            .isTrue();
      }
    }
    assertThat(state.size()).isEqualTo(3); // 0s and 50s are before 99s - 10s: compacted
  }
}
