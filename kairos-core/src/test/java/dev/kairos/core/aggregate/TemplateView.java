package dev.kairos.core.aggregate;

import static dev.kairos.api.AggregationFunction.AVG;
import static dev.kairos.api.AggregationFunction.COUNT;
import static dev.kairos.api.AggregationFunction.COUNT_DISTINCT;
import static dev.kairos.api.AggregationFunction.FIRST;
import static dev.kairos.api.AggregationFunction.LAST;
import static dev.kairos.api.AggregationFunction.MIN;
import static dev.kairos.api.AggregationFunction.SUM;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.spi.EventRow;
import dev.kairos.testkit.AggregationOracle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The {@code kairos init} template's per-user view (windows 1m, 10m, 1h, 1d, 30d and lifetime over
 * amount, merchant, country, device and the event time) and card-payment-like events for it.
 */
final class TemplateView {
  private TemplateView() {}

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  static final Source SOURCE =
      new Source(
          "transactions",
          "transactions",
          List.of(
              new Field("user_id", ValueType.INT64),
              new Field("event_timestamp", ValueType.TIMESTAMP),
              new Field("created", ValueType.TIMESTAMP),
              new Field("amount", ValueType.DOUBLE),
              new Field("merchant_id", ValueType.STRING),
              new Field("country", ValueType.STRING),
              new Field("device_id", ValueType.STRING)),
          "event_timestamp",
          "created",
          "",
          null);

  static final FeatureView VIEW =
      new FeatureView(
          "user_txn_windows",
          List.of("user"),
          "transactions",
          Duration.ZERO,
          List.of(),
          true,
          Map.of(),
          "",
          "",
          List.of(
              agg(COUNT, "amount", "1m"),
              agg(COUNT, "amount", "10m"),
              agg(COUNT, "amount", "1h"),
              agg(COUNT, "amount", "1d"),
              agg(SUM, "amount", "1h"),
              agg(SUM, "amount", "1d"),
              agg(SUM, "amount", "30d"),
              agg(AVG, "amount", "1h"),
              agg(AVG, "amount", "1d"),
              agg(AVG, "amount", "30d"),
              agg(MIN, "amount", "10m"),
              agg(COUNT_DISTINCT, "merchant_id", "1h"),
              agg(COUNT_DISTINCT, "merchant_id", "1d"),
              agg(COUNT_DISTINCT, "country", "1h"),
              agg(COUNT_DISTINCT, "country", "1d"),
              agg(COUNT_DISTINCT, "device_id", "1d"),
              agg(LAST, "event_timestamp", "30d"),
              agg(FIRST, "country", "lifetime")));

  static final AggregationLayout LAYOUT = AggregationLayout.of(VIEW, SOURCE);

  static Aggregation agg(AggregationFunction f, String column, String window) {
    Window w =
        switch (window) {
          case "lifetime" -> Window.LIFETIME;
          case "1m" -> Window.of(Duration.ofMinutes(1));
          case "10m" -> Window.of(Duration.ofMinutes(10));
          case "1h" -> Window.of(Duration.ofHours(1));
          case "1d" -> Window.of(Duration.ofDays(1));
          case "30d" -> Window.of(Duration.ofDays(30));
          default -> throw new IllegalArgumentException(window);
        };
    ValueType type = SOURCE.field(column).orElseThrow().type();
    return new Aggregation(Aggregation.defaultName(column, f, w), column, f, w, f.resultType(type));
  }

  /**
   * {@code n} events of user 1 spread over {@code days} days before {@code START + days}, at random
   * microseconds, ascending by time; sequences ascend with time.
   */
  static List<EventRow> events(int n, int days, long seed) {
    Random random = new Random(seed);
    long span = days * 86_400_000_000L;
    long[] at = new long[n];
    for (int i = 0; i < n; i++) {
      at[i] = (long) (random.nextDouble() * span);
    }
    java.util.Arrays.sort(at);
    String[] countries = {"US", "US", "US", "US", "CA", "MX", "GB", "FR"};
    List<EventRow> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant ts = START.plusNanos(at[i] * 1000);
      Object[] values = new Object[LAYOUT.columns().size()];
      for (int c = 0; c < values.length; c++) {
        values[c] =
            switch (LAYOUT.columns().get(c).name()) {
              case "amount" ->
                  random.nextInt(20) == 0 ? null : Math.round(random.nextDouble() * 50_000) / 100.0;
              case "merchant_id" -> "merchant-" + (1_000 + random.nextInt(200));
              case "country" -> countries[random.nextInt(countries.length)];
              case "device_id" -> "device-" + random.nextInt(3);
              case "event_timestamp" -> ts;
              default -> throw new IllegalStateException();
            };
      }
      out.add(
          new EventRow(
              EntityKey.of(1L), ts, ts.plusMillis(random.nextInt(2_000)), 1_000L + i, values));
    }
    return out;
  }

  /** What the oracle says for every aggregation of {@link #VIEW} at {@code now}. */
  static Object[] expected(List<EventRow> events, Instant now) {
    List<EventRow> inOrder = new ArrayList<>(events);
    inOrder.sort(Comparator.comparingLong(EventRow::seq));
    Object[] out = new Object[VIEW.aggregations().size()];
    for (int i = 0; i < out.length; i++) {
      Aggregation a = VIEW.aggregations().get(i);
      int c = LAYOUT.columnIndex()[i];
      List<AggregationOracle.Event> column =
          inOrder.stream()
              .map(
                  e ->
                      new AggregationOracle.Event(
                          List.of(1L), e.eventTs(), e.createdTs(), e.values()[c]))
              .toList();
      out[i] =
          AggregationOracle.value(
              a, LAYOUT.columns().get(c).type(), column, List.of(1L), now, false);
    }
    return out;
  }

  static List<String> mismatches(Object[] expected, Object[] actual) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      Aggregation a = VIEW.aggregations().get(i);
      if (!AggregationOracle.matches(expected[i], actual[i], a.type())) {
        out.add(a.name() + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
    return out;
  }
}
