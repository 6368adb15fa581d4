package dev.kairos.testkit;

import static dev.kairos.testkit.PitFixtures.USER_ID;
import static dev.kairos.testkit.PitFixtures.at;
import static dev.kairos.testkit.PitFixtures.entity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import dev.kairos.spi.OfflineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Windowed aggregations in training sets, the same on every {@link OfflineStore}: a few example
 * tests of {@link Aggregation}'s rules and a property comparing the store with {@link
 * AggregationOracle} (and {@link PitOracle} for the plain features mixed in) on random {@link
 * AggregationCase}s, with and without {@code asOfCreated}.
 *
 * <p>Subclasses return one store shared by all tests (each test uses tables of its own) and clean
 * it up themselves; both the JUnit Jupiter and the jqwik engine run tests of this class.
 */
public abstract class AggregationContractTest {
  private static final AtomicLong TABLES = new AtomicLong();

  /** The store under test; may be created lazily and shared between tests. */
  protected abstract OfflineStore store();

  /** A table name no other test uses. */
  protected String table(String base) {
    return base + "_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  }

  @Property(tries = 1000)
  void historical_aggregationsMatchOracle_onRandomCases(
      @ForAll long seed, @ForAll boolean asOfCreated) {
    AggregationCase c = AggregationCase.random(seed, table("a"), asOfCreated);
    c.load(store());
    List<Object[]> actual = c.runOn(store());
    List<Object[]> expected = c.expected();
    assertThat(actual).as("%s", c).hasSameSizeAs(expected);
    int width = c.query().entityColumns().size();
    for (int i = 0; i < expected.size(); i++) {
      List<Object> e = PitOracle.normalize(List.<Object[]>of(expected.get(i))).get(0);
      List<Object> a = PitOracle.normalize(List.<Object[]>of(actual.get(i))).get(0);
      for (int col = 0; col < e.size(); col++) {
        Aggregation agg = col < width ? null : c.aggregation(c.query().outputs().get(col - width));
        boolean same =
            agg == null
                ? java.util.Objects.equals(e.get(col), a.get(col))
                : AggregationOracle.matches(e.get(col), a.get(col), agg.type());
        assertThat(same)
            .as(
                "row %d column %s: expected %s, got %s\nexpected %s\nactual   %s\n%s",
                i,
                col < width ? col : c.query().outputs().get(col - width).columnName(),
                e.get(col),
                a.get(col),
                e,
                a,
                c)
            .isTrue();
      }
    }
  }

  private Source events(Object[]... rows) {
    Source s = PitFixtures.source(table("events"), USER_ID, true);
    store().ensureTable(s);
    store().append(s, Arrays.asList(rows).iterator());
    return s;
  }

  private static ViewInput view(Source s, Aggregation... aggregations) {
    FeatureView v =
        new FeatureView(
            "u",
            List.of("user"),
            s.name(),
            Duration.ZERO,
            List.of(new Field("amount", ValueType.DOUBLE)),
            true,
            Map.of(),
            "",
            "",
            List.of(aggregations));
    return new ViewInput(v, s, List.of(USER_ID));
  }

  private static Aggregation agg(String column, AggregationFunction f, Window w, ValueType type) {
    return new Aggregation(Aggregation.defaultName(column, f, w), column, f, w, type);
  }

  private List<List<Object>> run(ViewInput v, boolean asOfCreated, Object[]... entities) {
    List<Output> outputs = new ArrayList<>();
    for (Field f : v.view().fields()) {
      outputs.add(new Output(0, f.name(), f.name()));
    }
    HistoricalQuery q =
        new HistoricalQuery(PitFixtures.ENTITY_COLUMNS, List.of(v), outputs, asOfCreated);
    List<Object[]> out = new ArrayList<>();
    store().historical(q, Arrays.asList(entities).iterator(), out::add);
    return PitOracle.normalize(out);
  }

  @Test
  void historical_windowIncludesItsStart_andExcludesTheQueryTime() {
    Source s =
        events(
            PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(5), null, 1.0, 1L),
            PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(8), null, 2.0, 2L),
            PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(10), null, 4.0, 4L));
    Window w5 = Window.of(Duration.ofSeconds(5));
    ViewInput v =
        view(
            s,
            agg("amount", AggregationFunction.SUM, w5, ValueType.DOUBLE),
            agg("n", AggregationFunction.COUNT, Window.LIFETIME, ValueType.INT64),
            agg("amount", AggregationFunction.LAST, w5, ValueType.DOUBLE));
    assertThat(run(v, false, entity(1L, null, at(10), "a"), entity(1L, null, at(5), "b")))
        .containsExactly(
            Arrays.asList(1L, null, at(10), "a", 4.0, 3.0, 2L, 2.0),
            Arrays.asList(1L, null, at(5), "b", 1.0, 0.0, 0L, null));
  }

  @Test
  void historical_emptyWindow_isZeroForCountsAndSums_andNullOtherwise_alsoForNullKeys() {
    Source s =
        events(PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(1), null, 1.0, 1L));
    ViewInput v =
        view(
            s,
            agg("n", AggregationFunction.COUNT_DISTINCT, Window.LIFETIME, ValueType.INT64),
            agg("n", AggregationFunction.SUM, Window.LIFETIME, ValueType.INT64),
            agg("n", AggregationFunction.MAX, Window.LIFETIME, ValueType.INT64));
    assertThat(run(v, false, entity(null, null, at(5), "a"), entity(9L, null, at(5), "b")))
        .containsExactly(
            Arrays.asList(null, null, at(5), "a", null, 0L, 0L, null),
            Arrays.asList(9L, null, at(5), "b", null, 0L, 0L, null));
  }

  @Test
  void historical_aggregationOfAMissingColumn_isAUserErrorNamingIt() {
    Source s =
        events(PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(1), null, 1.0, 1L));
    ViewInput v = view(s, agg("price", AggregationFunction.SUM, Window.LIFETIME, ValueType.DOUBLE));
    assertThatThrownBy(() -> run(v, false, entity(1L, null, at(5), "a")))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "aggregation 'price_sum_lifetime' of view 'u': source '"
                + s.name()
                + "' has no column 'price'");
  }

  @Test
  void historical_functionThatCannotAggregateTheColumnsType_isAUserErrorListingAcceptedTypes() {
    Source s =
        events(PitFixtures.row(PitFixtures.source("x", USER_ID, true), 1L, at(1), null, 1.0, 1L));
    ViewInput v =
        view(
            s, agg("amount", AggregationFunction.COUNT_DISTINCT, Window.LIFETIME, ValueType.INT64));
    assertThatThrownBy(() -> run(v, false, entity(1L, null, at(5), "a")))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage(
            "aggregation 'amount_count_distinct_lifetime' of view 'u': count_distinct cannot"
                + " aggregate column 'amount' of type DOUBLE (it accepts INT32, INT64, STRING, BOOL,"
                + " BYTES or TIMESTAMP)");
  }
}
