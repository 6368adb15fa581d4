package dev.kairos.testkit;

import static dev.kairos.testkit.PitFixtures.MERCHANT_ID;
import static dev.kairos.testkit.PitFixtures.USER_ID;
import static dev.kairos.testkit.PitFixtures.at;
import static dev.kairos.testkit.PitFixtures.entity;
import static dev.kairos.testkit.PitFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.StreamedSeq;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OfflineStore} shares: example tests named after each rule of {@link
 * HistoricalQuery}, and a property comparing the store with {@link PitOracle} on random cases.
 *
 * <p>Subclasses return one store shared by all tests (each test uses tables of its own) and clean
 * it up themselves; both the JUnit Jupiter and the jqwik engine run tests of this class.
 */
public abstract class OfflineStoreContractTest {
  private static final AtomicLong TABLES = new AtomicLong();

  /** The store under test; may be created lazily and shared between tests. */
  protected abstract OfflineStore store();

  /** A table name no other test uses. */
  protected String table(String base) {
    return base + "_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  }

  private Source users(boolean created) {
    return PitFixtures.source(table("users"), USER_ID, created);
  }

  private void load(Source src, Object[]... rows) {
    store().ensureTable(src);
    store().append(src, Arrays.asList(rows).iterator());
  }

  private List<List<Object>> run(HistoricalQuery q, Object[]... entities) {
    List<Object[]> out = new ArrayList<>();
    store().historical(q, Arrays.asList(entities).iterator(), out::add);
    return PitOracle.normalize(out);
  }

  private static List<Object> out(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void historical_ignoresRowsAfterEventTime_andIncludesRowAtEventTime() {
    Source s = users(false);
    load(s, row(s, 1L, at(10), null, 1.0, 1L), row(s, 1L, at(20), null, 2.0, 2L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(19), "a"), entity(1L, null, at(20), "b")))
        .containsExactly(out(1L, null, at(19), "a", 1.0, 1L), out(1L, null, at(20), "b", 2.0, 2L));
  }

  /**
   * Enough entity rows that a store streaming its result in batches, or joining shares of the rows
   * in several sessions, has to hand back many batches per share, in input order.
   */
  @Test
  void historical_manyEntityRows_comeBackInInputOrder_withOracleValues() {
    Source s = users(false);
    List<Object[]> source = new ArrayList<>();
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < 2_000; i++) {
      source.add(
          row(s, (long) r.nextInt(200), at(r.nextInt(10_000)), null, r.nextDouble(), (long) i));
    }
    load(s, source.toArray(new Object[0][]));
    HistoricalQuery q =
        PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ofSeconds(3_000)));
    List<Object[]> entities = new ArrayList<>();
    for (int i = 0; i < 30_001; i++) {
      entities.add(entity((long) r.nextInt(220), null, at(r.nextInt(11_000)), "e" + i));
    }
    List<Object[]> expected =
        PitOracle.historical(q, entities, java.util.Map.of(s.table(), source));
    assertThat(run(q, entities.toArray(new Object[0][])))
        .containsExactlyElementsOf(PitOracle.normalize(expected));
  }

  @Test
  void historical_entityValueOfAnotherType_isAUserErrorNamingRowAndColumn() {
    Source s = users(false);
    load(s, row(s, 1L, at(10), null, 1.0, 1L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    Object[] bad = {"seven", null, at(20), "b"};
    assertThatThrownBy(() -> run(q, entity(1L, null, at(20), "a"), bad))
        .isInstanceOfSatisfying(
            KairosException.class,
            e -> assertThat(e.kind()).isEqualTo(dev.kairos.api.ErrorKind.USER))
        .hasMessage("entity row 2: column 'user_id' is not a INT64");
  }

  @Test
  void historical_ttlLowerBoundIsInclusive() {
    Source s = users(false);
    load(s, row(s, 1L, at(10), null, 1.0, 1L));
    HistoricalQuery q =
        PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ofSeconds(5)));
    assertThat(run(q, entity(1L, null, at(15), "edge"), entity(1L, null, at(16), "expired")))
        .containsExactly(
            out(1L, null, at(15), "edge", 1.0, 1L), out(1L, null, at(16), "expired", null, null));
  }

  @Test
  void historical_zeroTtlNeverExpires() {
    Source s = users(false);
    load(s, row(s, 1L, at(0), null, 1.0, 1L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(100_000_000), "late")))
        .containsExactly(out(1L, null, at(100_000_000), "late", 1.0, 1L));
  }

  @Test
  void historical_expiredNewestRowIsNotReplacedByAnOlderOne() {
    Source s = users(false);
    load(s, row(s, 1L, at(1), null, 1.0, 1L), row(s, 1L, at(2), null, 2.0, 2L));
    HistoricalQuery q =
        PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ofSeconds(3)));
    assertThat(run(q, entity(1L, null, at(5), "a"), entity(1L, null, at(6), "b")))
        .containsExactly(out(1L, null, at(5), "a", 2.0, 2L), out(1L, null, at(6), "b", null, null));
  }

  @Test
  void historical_tieOnEventTimeGoesToGreatestCreated() {
    Source s = users(true);
    load(
        s,
        row(s, 1L, at(10), at(12), 2.0, 2L),
        row(s, 1L, at(10), at(11), 1.0, 1L),
        row(s, 1L, at(10), null, 0.0, 0L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(10), "a")))
        .containsExactly(out(1L, null, at(10), "a", 2.0, 2L));
  }

  @Test
  void historical_furtherTieGoesToRowIngestedLast() {
    Source s = users(true);
    load(s, row(s, 1L, at(10), at(11), 1.0, 1L), row(s, 1L, at(10), at(11), 2.0, 2L));
    load(s, row(s, 1L, at(10), at(11), 3.0, 3L));
    load(s, row(s, 1L, at(10), at(10), 4.0, 4L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(10), "a")))
        .containsExactly(out(1L, null, at(10), "a", 3.0, 3L));
  }

  @Test
  void historical_asOfCreatedHidesBackfilledRows() {
    Source s = users(true);
    load(s, row(s, 1L, at(5), at(5), 1.0, 1L), row(s, 1L, at(8), at(30), 2.0, 2L));
    ViewInput v = PitFixtures.view("u", USER_ID, s, Duration.ZERO);
    assertThat(run(PitFixtures.query(true, v), entity(1L, null, at(10), "a")))
        .containsExactly(out(1L, null, at(10), "a", 1.0, 1L));
    assertThat(run(PitFixtures.query(false, v), entity(1L, null, at(10), "a")))
        .containsExactly(out(1L, null, at(10), "a", 2.0, 2L));
  }

  @Test
  void historical_keepsOneRowPerInputRowInInputOrder_withDuplicatesEarlyRowsAndUnknownKeys() {
    Source s = users(false);
    load(s, row(s, 1L, at(10), null, 1.0, 1L), row(s, 2L, at(10), null, 2.0, 2L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(
            run(
                q,
                entity(2L, null, at(11), "1"),
                entity(9L, null, at(11), "unknown"),
                entity(1L, null, at(1), "before any data"),
                entity(2L, null, at(11), "1"),
                entity(1L, null, at(11), "last")))
        .containsExactly(
            out(2L, null, at(11), "1", 2.0, 2L),
            out(9L, null, at(11), "unknown", null, null),
            out(1L, null, at(1), "before any data", null, null),
            out(2L, null, at(11), "1", 2.0, 2L),
            out(1L, null, at(11), "last", 1.0, 1L));
  }

  @Test
  void historical_nullKeyNeverMatches() {
    Source s = users(false);
    load(s, row(s, null, at(1), null, 1.0, 1L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(null, null, at(5), "a")))
        .containsExactly(out(null, null, at(5), "a", null, null));
  }

  @Test
  void historical_returnsNullFeatureValuesAsNull_evenWhenOlderRowsHadValues() {
    Source s = users(false);
    load(s, row(s, 1L, at(1), null, 1.0, 1L), row(s, 1L, at(2), null, null, 5L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(3), "a")))
        .containsExactly(out(1L, null, at(3), "a", null, 5L));
  }

  @Test
  void historical_joinsViewsKeyedByDifferentEntitiesInOneRequest() {
    Source u = users(false);
    Source m = PitFixtures.source(table("merchants"), MERCHANT_ID, true);
    load(u, row(u, 1L, at(1), null, 1.0, 1L));
    load(m, row(m, "m1", at(2), at(2), 10.0, 10L), row(m, "m2", at(2), at(2), 20.0, 20L));
    HistoricalQuery q =
        PitFixtures.query(
            false,
            PitFixtures.view("u", USER_ID, u, Duration.ZERO),
            PitFixtures.view("m", MERCHANT_ID, m, Duration.ZERO));
    assertThat(run(q, entity(1L, "m2", at(3), "a"), entity(1L, "m1", at(1), "b")))
        .containsExactly(
            out(1L, "m2", at(3), "a", 1.0, 1L, 20.0, 20L),
            out(1L, "m1", at(1), "b", 1.0, 1L, null, null));
  }

  @Test
  void historical_withNoEntityRows_returnsNothing() {
    Source s = users(false);
    load(s, row(s, 1L, at(1), null, 1.0, 1L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q)).isEmpty();
  }

  @Test
  void historical_roundTripsEveryValueType() {
    assertHistoricalRoundTrips(Arrays.asList(ValueType.values()));
  }

  @Test
  void historical_roundTripsScalarValues() {
    assertHistoricalRoundTrips(
        List.of(
            ValueType.INT32,
            ValueType.INT64,
            ValueType.FLOAT,
            ValueType.DOUBLE,
            ValueType.STRING,
            ValueType.BOOL,
            ValueType.TIMESTAMP));
  }

  /** One source row holding a sample value of each type comes back as written, after the keys. */
  private void assertHistoricalRoundTrips(List<ValueType> types) {
    assertHistoricalRoundTrips(types, false);
  }

  @Test
  void appendSequenced_roundTripsEveryValueType() {
    assertHistoricalRoundTrips(Arrays.asList(ValueType.values()), true);
  }

  private void assertHistoricalRoundTrips(List<ValueType> types, boolean sequenced) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(USER_ID, ValueType.INT64));
    fields.add(new Field("event_ts", ValueType.TIMESTAMP));
    List<Object> samples = AllTypes.values();
    List<Object> values = new ArrayList<>();
    for (ValueType type : types) {
      fields.add(new Field("f_" + type.name().toLowerCase(), type));
      values.add(samples.get(type.ordinal()));
    }
    String t = table("types");
    Source s = new Source(t, t, fields, "event_ts", null, "", null);
    Object[] row = new Object[fields.size()];
    row[0] = 1L;
    row[1] = at(1);
    for (int i = 0; i < values.size(); i++) {
      row[i + 2] = values.get(i);
    }
    if (sequenced) {
      store().ensureTable(s);
      assertThat(store().appendSequenced(s, List.<Object[]>of(row), new long[] {seq(0, 0)}))
          .isEqualTo(1);
    } else {
      load(s, row);
    }
    List<HistoricalQuery.Output> outputs = new ArrayList<>();
    for (int i = 2; i < fields.size(); i++) {
      outputs.add(new HistoricalQuery.Output(0, fields.get(i).name(), fields.get(i).name()));
    }
    dev.kairos.api.FeatureView view =
        new dev.kairos.api.FeatureView(
            "types",
            List.of("user"),
            t,
            Duration.ZERO,
            fields.subList(2, fields.size()),
            false,
            java.util.Map.of(),
            "",
            "");
    HistoricalQuery q =
        new HistoricalQuery(
            PitFixtures.ENTITY_COLUMNS,
            List.of(new ViewInput(view, s, List.of(USER_ID))),
            outputs,
            false);
    List<Object> expected = new ArrayList<>(out(1L, null, at(2), "a"));
    expected.addAll(PitOracle.normalize(List.<Object[]>of(values.toArray())).get(0));
    assertThat(run(q, entity(1L, null, at(2), "a"))).containsExactly(expected);
  }

  @Test
  void append_isAllOrNothing() {
    Source s = users(false);
    store().ensureTable(s);
    Object[] bad = {1L, at(2), "not a double", 1L};
    assertThatThrownBy(
            () ->
                store()
                    .append(
                        s,
                        Arrays.<Object[]>asList(row(s, 1L, at(1), null, 1.0, 1L), bad).iterator()))
        .isInstanceOf(KairosException.class);
    assertThat(store().count(s)).isZero();
    assertThat(
            store()
                .append(
                    s,
                    java.util.Collections.singletonList(row(s, 1L, at(1), null, 1.0, 1L))
                        .iterator()))
        .isEqualTo(1);
    assertThat(store().count(s)).isEqualTo(1);
  }

  @Test
  void count_isZeroForAMissingTable() {
    assertThat(store().count(users(false))).isZero();
  }

  @Test
  void latest_returnsLatestRowPerKeyWithinInclusiveBounds() {
    Source s = users(true);
    load(
        s,
        row(s, 1L, at(1), at(1), 1.0, 1L),
        row(s, 1L, at(5), at(5), 5.0, 5L),
        row(s, 1L, at(9), at(9), 9.0, 9L),
        row(s, 2L, at(5), null, 2.0, 2L),
        row(s, 2L, at(5), at(3), 3.0, 3L),
        row(s, null, at(5), at(3), 7.0, 7L));
    ViewInput v = PitFixtures.view("u", USER_ID, s, Duration.ZERO);
    LatestQuery q = new LatestQuery(v.view(), s, List.of(USER_ID), at(1), at(5));
    List<OnlineRow> rows = new ArrayList<>();
    store()
        .latest(
            q,
            1,
            batch -> {
              assertThat(batch).hasSize(1);
              rows.addAll(batch);
            });
    rows.sort(Comparator.comparing(r -> (Long) r.key().values().get(0)));
    assertThat(rows)
        .extracting(
            r -> r.key().values().get(0),
            r -> Arrays.asList(r.values()),
            OnlineRow::eventTs,
            OnlineRow::createdTs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, List.of(5.0, 5L), at(5), at(5)),
            org.assertj.core.groups.Tuple.tuple(2L, List.of(3.0, 3L), at(5), at(3)));
  }

  @Test
  void events_areOrderedByKeyThenTime_withinInclusiveBounds_andBatchesNeverSplitAnEntity() {
    Source s = users(true);
    load(
        s,
        row(s, 2L, at(3), at(3), 2.3, 23L),
        row(s, 1L, at(2), null, 1.2, 12L),
        row(s, 3L, at(1), at(1), 3.1, 31L),
        row(s, 1L, at(1), at(1), 1.1, 11L),
        row(s, null, at(2), at(2), 9.0, 9L),
        row(s, 2L, at(1), at(1), null, 21L),
        row(s, 1L, at(0), at(0), 1.0, 10L),
        row(s, 3L, at(6), at(6), 3.6, 36L),
        row(s, 1L, at(5), at(5), 1.5, 15L),
        row(s, 2L, at(2), at(2), 2.2, 22L));
    ViewInput v = PitFixtures.view("u", USER_ID, s, Duration.ZERO);
    EventQuery q =
        new EventQuery(v.view(), s, List.of(USER_ID), List.of("n", "amount"), at(1), at(5));
    List<List<EventRow>> batches = new ArrayList<>();
    store().events(q, 2, batches::add);

    List<EventRow> all = new ArrayList<>();
    batches.forEach(all::addAll);
    assertThat(all)
        .extracting(e -> e.key().values().get(0), EventRow::eventTs, e -> Arrays.asList(e.values()))
        .containsExactly(
            tuple(1L, at(1), List.of(11L, 1.1)),
            tuple(1L, at(2), List.of(12L, 1.2)),
            tuple(1L, at(5), List.of(15L, 1.5)),
            tuple(2L, at(1), Arrays.asList(21L, null)),
            tuple(2L, at(2), List.of(22L, 2.2)),
            tuple(2L, at(3), List.of(23L, 2.3)),
            tuple(3L, at(1), List.of(31L, 3.1)));
    assertThat(all).extracting(EventRow::createdTs).containsOnlyOnce((Instant) null);
    for (List<EventRow> batch : batches) {
      assertThat(batch).isNotEmpty();
      for (List<EventRow> other : batches) {
        if (other != batch) {
          assertThat(other)
              .extracting(e -> e.key().values().get(0))
              .doesNotContainAnyElementsOf(
                  batch.stream().map(e -> e.key().values().get(0)).toList());
        }
      }
    }
    assertThat(all.stream().mapToLong(EventRow::seq).distinct().count()).isEqualTo(all.size());
  }

  private static long seq(int partition, long offset) {
    return StreamedSeq.of(partition, offset);
  }

  private long appendSequenced(Source s, long[] seqs, Object[]... rows) {
    return store().appendSequenced(s, Arrays.asList(rows), seqs);
  }

  /** Every event of user 1 to 9 between at(0) and at(100): (n, seq), ordered by key then time. */
  private List<org.assertj.core.groups.Tuple> events(Source s) {
    ViewInput v = PitFixtures.view("u", USER_ID, s, Duration.ZERO);
    EventQuery q = new EventQuery(v.view(), s, List.of(USER_ID), List.of("n"), at(0), at(100));
    List<org.assertj.core.groups.Tuple> out = new ArrayList<>();
    store().events(q, 1_000, b -> b.forEach(e -> out.add(tuple(e.values()[0], e.seq()))));
    return out;
  }

  @Test
  void appendSequenced_rowsAreVisibleToHistoricalLatestAndEvents_withTheGivenSeq() {
    Source s = users(true);
    store().ensureTable(s);
    assertThat(
            appendSequenced(
                s,
                new long[] {seq(0, 10), seq(3, 5)},
                row(s, 1L, at(1), at(1), 1.0, 1L),
                row(s, 2L, at(2), at(2), 2.0, 2L)))
        .isEqualTo(2);

    assertThat(events(s)).containsExactly(tuple(1L, seq(0, 10)), tuple(2L, seq(3, 5)));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(5), "a"), entity(2L, null, at(5), "b")))
        .containsExactly(out(1L, null, at(5), "a", 1.0, 1L), out(2L, null, at(5), "b", 2.0, 2L));
    List<OnlineRow> latest = new ArrayList<>();
    LatestQuery lq =
        new LatestQuery(
            PitFixtures.view("u", USER_ID, s, Duration.ZERO).view(),
            s,
            List.of(USER_ID),
            at(0),
            at(5));
    store().latest(lq, 10, latest::addAll);
    assertThat(latest)
        .extracting(r -> r.key().values().get(0), r -> Arrays.asList(r.values()))
        .containsExactlyInAnyOrder(tuple(1L, List.of(1.0, 1L)), tuple(2L, List.of(2.0, 2L)));
  }

  @Test
  void appendSequenced_sameBatchTwice_writesNothingTheSecondTime() {
    Source s = users(false);
    store().ensureTable(s);
    long[] seqs = {seq(1, 100), seq(1, 101), seq(1, 102)};
    Object[][] rows = {
      row(s, 1L, at(1), null, 1.0, 1L),
      row(s, 1L, at(2), null, 2.0, 2L),
      row(s, 2L, at(1), null, 3.0, 3L)
    };
    assertThat(appendSequenced(s, seqs, rows)).isEqualTo(3);
    assertThat(appendSequenced(s, seqs, rows)).isZero();
    assertThat(store().count(s)).isEqualTo(3);
  }

  @Test
  void appendSequenced_halfOverlappingBatch_writesOnlyTheNewHalf() {
    Source s = users(false);
    store().ensureTable(s);
    appendSequenced(
        s,
        new long[] {seq(0, 0), seq(0, 1)},
        row(s, 1L, at(1), null, 1.0, 1L),
        row(s, 1L, at(2), null, 2.0, 2L));
    assertThat(
            appendSequenced(
                s,
                new long[] {seq(0, 1), seq(0, 2), seq(2, 0)},
                row(s, 1L, at(2), null, 20.0, 20L),
                row(s, 1L, at(3), null, 3.0, 3L),
                row(s, 2L, at(3), null, 4.0, 4L)))
        .isEqualTo(2);
    assertThat(events(s))
        .containsExactly(
            tuple(1L, seq(0, 0)), tuple(2L, seq(0, 1)), tuple(3L, seq(0, 2)), tuple(4L, seq(2, 0)));
  }

  @Test
  void appendSequenced_duplicateSeqsInOneCall_writeTheFirstOnly() {
    Source s = users(false);
    store().ensureTable(s);
    assertThat(
            appendSequenced(
                s,
                new long[] {seq(0, 7), seq(0, 8), seq(0, 7)},
                row(s, 1L, at(1), null, 1.0, 1L),
                row(s, 1L, at(2), null, 2.0, 2L),
                row(s, 1L, at(3), null, 3.0, 3L)))
        .isEqualTo(2);
    assertThat(events(s)).containsExactly(tuple(1L, seq(0, 7)), tuple(2L, seq(0, 8)));
  }

  @Test
  void appendSequenced_failureMidBatch_writesNothing() {
    Source s = users(false);
    store().ensureTable(s);
    Object[] bad = {1L, at(2), "not a double", 2L};
    assertThatThrownBy(
            () ->
                appendSequenced(
                    s,
                    new long[] {seq(0, 1), seq(0, 2), seq(0, 3)},
                    row(s, 1L, at(1), null, 1.0, 1L),
                    bad,
                    row(s, 1L, at(3), null, 3.0, 3L)))
        .isInstanceOfSatisfying(
            KairosException.class,
            e -> assertThat(e.kind()).isEqualTo(dev.kairos.api.ErrorKind.USER))
        .hasMessage("row 2: field 'amount' holds a String, not a DOUBLE");
    assertThat(store().count(s)).isZero();
    assertThat(
            appendSequenced(
                s,
                new long[] {seq(0, 1), seq(0, 2)},
                row(s, 1L, at(1), null, 1.0, 1L),
                row(s, 1L, at(2), null, 2.0, 2L)))
        .isEqualTo(2);
  }

  @Test
  void appendSequenced_rejectsSeqBelowTheBase_andWritesNothing() {
    Source s = users(false);
    store().ensureTable(s);
    assertThatThrownBy(
            () ->
                appendSequenced(
                    s,
                    new long[] {seq(0, 1), OfflineStore.STREAMED_SEQ_BASE - 1},
                    row(s, 1L, at(1), null, 1.0, 1L),
                    row(s, 1L, at(2), null, 2.0, 2L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sequence 4611686018427387903 of row 2 is below STREAMED_SEQ_BASE"
                + " (4611686018427387904); caller-given sequences must come from StreamedSeq");
    assertThat(store().count(s)).isZero();
  }

  @Test
  void append_afterSequencedAppend_assignsSequencesBelowTheBase_aboveEarlierOnes() {
    Source s = users(false);
    load(s, row(s, 1L, at(1), null, 1.0, 1L), row(s, 1L, at(2), null, 2.0, 2L));
    appendSequenced(s, new long[] {seq(5, 9)}, row(s, 1L, at(3), null, 3.0, 3L));
    load(s, row(s, 1L, at(4), null, 4.0, 4L));

    List<org.assertj.core.groups.Tuple> events = events(s);
    long first = (Long) events.get(0).toList().get(1);
    long second = (Long) events.get(1).toList().get(1);
    long later = (Long) events.get(3).toList().get(1);
    assertThat(events.get(2)).isEqualTo(tuple(3L, seq(5, 9)));
    assertThat(first).isLessThan(second);
    assertThat(later).isGreaterThan(second).isLessThan(OfflineStore.STREAMED_SEQ_BASE);
  }

  @Test
  void appendSequenced_rowCountsAsIngestedAfterEveryBatchRow_onATimestampTie() {
    Source s = users(true);
    store().ensureTable(s);
    appendSequenced(s, new long[] {seq(0, 0)}, row(s, 1L, at(10), at(11), 1.0, 1L));
    load(s, row(s, 1L, at(10), at(11), 2.0, 2L));
    HistoricalQuery q = PitFixtures.query(false, PitFixtures.view("u", USER_ID, s, Duration.ZERO));
    assertThat(run(q, entity(1L, null, at(10), "a")))
        .containsExactly(out(1L, null, at(10), "a", 1.0, 1L));
  }

  @Test
  void appendSequenced_manyPartitionsAndReplays_writeEachSeqOnce() {
    Source s = users(false);
    store().ensureTable(s);
    java.util.Random r = new java.util.Random(11);
    java.util.Set<Long> written = new java.util.HashSet<>();
    for (int batch = 0; batch < 20; batch++) {
      int n = 1 + r.nextInt(300);
      long[] seqs = new long[n];
      Object[][] rows = new Object[n][];
      for (int i = 0; i < n; i++) {
        seqs[i] = seq(r.nextInt(4) * 1000, r.nextInt(2_000));
        rows[i] = row(s, (long) r.nextInt(9) + 1, at(r.nextInt(100)), null, 1.0, (long) i);
      }
      long fresh =
          java.util.Arrays.stream(seqs).distinct().filter(q -> !written.contains(q)).count();
      assertThat(appendSequenced(s, seqs, rows)).as("batch %d", batch).isEqualTo(fresh);
      java.util.Arrays.stream(seqs).forEach(written::add);
    }
    assertThat(store().count(s)).isEqualTo(written.size());
  }

  @Property(tries = 1000)
  void historical_matchesOracle_onRandomCases(@ForAll long seed) {
    PitCase c = PitCase.random(seed, table("p"));
    c.load(store());
    assertThat(PitOracle.normalize(c.runOn(store())))
        .as("%s", c)
        .isEqualTo(PitOracle.normalize(c.expected()));
  }
}
