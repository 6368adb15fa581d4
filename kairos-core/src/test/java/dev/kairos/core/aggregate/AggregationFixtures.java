package dev.kairos.core.aggregate;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineRow;
import dev.kairos.testkit.AggregationOracle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * A project with aggregating views, events of one source, and what the online path needs around
 * them in tests: an offline store that serves a list of events and a clock that tests move.
 */
public final class AggregationFixtures {
  private AggregationFixtures() {}

  public static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  public static final Entity USER = new Entity("user", List.of("user_id"), ValueType.INT64, "");

  public static final Source SOURCE =
      new Source(
          "txns",
          "txns",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("ts", ValueType.TIMESTAMP),
              new Field("created", ValueType.TIMESTAMP),
              new Field("amount", ValueType.DOUBLE),
              new Field("qty", ValueType.INT32),
              new Field("merchant", ValueType.STRING)),
          "ts",
          "created",
          "",
          null);

  public static final Window S10 = Window.of(Duration.ofSeconds(10));
  public static final Window S60 = Window.of(Duration.ofSeconds(60));
  public static final Window LIFE = Window.LIFETIME;

  /** Every function, over a DOUBLE, an INT32 and a STRING column, in 10s, 60s and lifetime. */
  public static final FeatureView TXN =
      view(
          "txn",
          agg(AggregationFunction.COUNT, "amount", S10),
          agg(AggregationFunction.COUNT, "qty", LIFE),
          agg(AggregationFunction.SUM, "amount", S60),
          agg(AggregationFunction.SUM, "qty", S10),
          agg(AggregationFunction.SUM, "qty", LIFE),
          agg(AggregationFunction.AVG, "amount", S10),
          agg(AggregationFunction.AVG, "amount", LIFE),
          agg(AggregationFunction.MIN, "amount", S60),
          agg(AggregationFunction.MAX, "qty", S10),
          agg(AggregationFunction.MIN, "merchant", LIFE),
          agg(AggregationFunction.MAX, "merchant", S60),
          agg(AggregationFunction.FIRST, "merchant", S10),
          agg(AggregationFunction.LAST, "merchant", S60),
          agg(AggregationFunction.FIRST, "amount", LIFE),
          agg(AggregationFunction.LAST, "qty", LIFE),
          agg(AggregationFunction.COUNT_DISTINCT, "merchant", S60),
          agg(AggregationFunction.COUNT_DISTINCT, "qty", LIFE),
          agg(AggregationFunction.STDDEV, "amount", S60),
          agg(AggregationFunction.STDDEV, "amount", LIFE),
          agg(AggregationFunction.LAST, "amount", S10));

  /** Finite windows only: its state may expire one horizon (30s) after its latest event. */
  public static final FeatureView RECENT =
      view(
          "recent",
          agg(AggregationFunction.COUNT, "amount", Window.of(Duration.ofSeconds(30))),
          agg(AggregationFunction.SUM, "qty", Window.of(Duration.ofSeconds(30))),
          agg(AggregationFunction.LAST, "merchant", Window.of(Duration.ofSeconds(5))));

  public static final Definitions DEFS =
      new Definitions("shop", List.of(USER), List.of(SOURCE), List.of(TXN, RECENT), List.of());

  public static Aggregation agg(AggregationFunction f, String column, Window w) {
    ValueType type = SOURCE.field(column).orElseThrow().type();
    return new Aggregation(Aggregation.defaultName(column, f, w), column, f, w, f.resultType(type));
  }

  public static FeatureView view(String name, Aggregation... aggregations) {
    return new FeatureView(
        name,
        List.of("user"),
        "txns",
        Duration.ZERO,
        List.of(),
        true,
        Map.of(),
        "",
        "",
        List.of(aggregations));
  }

  public static AggregationLayout layout(FeatureView view) {
    return AggregationLayout.of(view, SOURCE);
  }

  /**
   * One source event, in ingestion order {@code seq}.
   *
   * @param created null when the event has none
   */
  public record Ev(
      long user,
      Instant ts,
      Instant created,
      long seq,
      Double amount,
      Integer qty,
      String merchant) {
    public Object column(String name) {
      return switch (name) {
        case "amount" -> amount;
        case "qty" -> qty;
        case "merchant" -> merchant;
        default -> throw new IllegalArgumentException("no column " + name);
      };
    }

    public EventRow row(List<String> columns) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = column(columns.get(i));
      }
      return new EventRow(EntityKey.of(user), ts, created, seq, values);
    }
  }

  public static Ev ev(
      long seq, long secondsAfterBase, Double amount, Integer qty, String merchant) {
    return new Ev(1, BASE.plusSeconds(secondsAfterBase), null, seq, amount, qty, merchant);
  }

  public static List<EventRow> rows(AggregationLayout layout, List<Ev> events) {
    return events.stream().map(e -> e.row(layout.columnNames())).toList();
  }

  /**
   * Microseconds from the latest event to a request: often whole seconds (or 1us either side), so
   * that window starts fall on event times, where an off-by-one would show.
   */
  public static Arbitrary<Long> laterMicros() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 200_000_000),
        Arbitraries.longs().between(0, 200).map(s -> s * 1_000_000),
        Arbitraries.longs().between(0, 200).map(s -> s * 1_000_000 + 1),
        Arbitraries.longs().between(1, 200).map(s -> s * 1_000_000 - 1));
  }

  /** What the oracle says for every aggregation of {@code view}, for one user at {@code now}. */
  public static Object[] expected(FeatureView view, List<Ev> ingested, long user, Instant now) {
    List<Ev> inOrder = new ArrayList<>(ingested);
    inOrder.sort(Comparator.comparingLong(Ev::seq));
    Object[] out = new Object[view.aggregations().size()];
    for (int i = 0; i < out.length; i++) {
      Aggregation a = view.aggregations().get(i);
      List<AggregationOracle.Event> events =
          inOrder.stream()
              .map(
                  e ->
                      new AggregationOracle.Event(
                          List.of(e.user()), e.ts(), e.created(), e.column(a.column())))
              .toList();
      ValueType type = SOURCE.field(a.column()).orElseThrow().type();
      out[i] = AggregationOracle.value(a, type, events, List.of(user), now, false);
    }
    return out;
  }

  /** The aggregations whose computed values differ from the oracle's, for assertion messages. */
  public static List<String> mismatches(FeatureView view, Object[] expected, Object[] actual) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      Aggregation a = view.aggregations().get(i);
      if (!AggregationOracle.matches(expected[i], actual[i], a.type())) {
        out.add(a.name() + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
    return out;
  }

  /**
   * An offline store holding only a list of events: {@link #events} streams those of the interval
   * ordered by entity then event time, in batches that never split an entity.
   */
  public static final class EventLog implements OfflineStore {
    private final List<Ev> events;

    public EventLog(List<Ev> events) {
      this.events = List.copyOf(events);
    }

    @Override
    public void events(EventQuery query, int batchSize, Consumer<List<EventRow>> out) {
      List<Ev> selected = new ArrayList<>();
      for (Ev e : events) {
        if (!e.ts().isBefore(query.start()) && !e.ts().isAfter(query.end())) {
          selected.add(e);
        }
      }
      selected.sort(Comparator.comparingLong(Ev::user).thenComparing(Ev::ts));
      List<EventRow> batch = new ArrayList<>();
      for (int i = 0; i < selected.size(); i++) {
        batch.add(selected.get(i).row(query.columns()));
        boolean entityEnds =
            i + 1 == selected.size() || selected.get(i + 1).user() != selected.get(i).user();
        if (entityEnds && batch.size() >= batchSize) {
          out.accept(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        out.accept(batch);
      }
    }

    @Override
    public void latest(LatestQuery query, int batchSize, Consumer<List<OnlineRow>> out) {
      throw new UnsupportedOperationException("aggregating views only");
    }

    @Override
    public void ensureTable(Source source) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long append(Source source, Iterator<Object[]> rows) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long count(Source source) {
      return events.size();
    }

    @Override
    public void historical(
        HistoricalQuery query, Iterator<Object[]> entityRows, Consumer<Object[]> out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** A clock that tests set. */
  public static final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant now) {
      this.now = now;
    }

    public void set(Instant t) {
      now = t;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
