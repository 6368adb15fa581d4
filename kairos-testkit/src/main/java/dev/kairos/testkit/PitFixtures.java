package dev.kairos.testkit;

import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.spi.HistoricalQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for offline-store tests: two entities (users and merchants) and their views. */
public final class PitFixtures {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final String USER_ID = "user_id";
  public static final String MERCHANT_ID = "merchant_id";

  /** The entity columns used by {@link #entity}: user_id, merchant_id, event_timestamp, label. */
  public static final List<Field> ENTITY_COLUMNS =
      List.of(
          new Field(USER_ID, ValueType.INT64),
          new Field(MERCHANT_ID, ValueType.STRING),
          new Field(HistoricalQuery.EVENT_TIMESTAMP, ValueType.TIMESTAMP),
          new Field("label", ValueType.STRING));

  private PitFixtures() {}

  /** {@code T0} plus some seconds. */
  public static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /**
   * A source keyed by {@code key} (user_id INT64 or merchant_id STRING) with fields key, event_ts,
   * [created_ts], amount DOUBLE, n INT64.
   */
  public static Source source(String table, String key, boolean withCreated) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(key, key.equals(USER_ID) ? ValueType.INT64 : ValueType.STRING));
    fields.add(new Field("event_ts", ValueType.TIMESTAMP));
    if (withCreated) {
      fields.add(new Field("created_ts", ValueType.TIMESTAMP));
    }
    fields.add(new Field("amount", ValueType.DOUBLE));
    fields.add(new Field("n", ValueType.INT64));
    return new Source(
        table, table, fields, "event_ts", withCreated ? "created_ts" : null, "", null);
  }

  /** A view over a source from {@link #source}, with features amount and n, ready to query. */
  public static HistoricalQuery.ViewInput view(
      String name, String key, Source source, Duration ttl) {
    FeatureView view =
        new FeatureView(
            name,
            List.of(key.equals(USER_ID) ? "user" : "merchant"),
            source.name(),
            ttl,
            List.of(new Field("amount", ValueType.DOUBLE), new Field("n", ValueType.INT64)),
            true,
            Map.of(),
            "",
            "");
    return new HistoricalQuery.ViewInput(view, source, List.of(key));
  }

  /** A source row: key, event_ts, [created_ts when the source has it], amount, n. */
  public static Object[] row(
      Source source, Object key, Instant eventTs, Instant createdTs, Double amount, Long n) {
    return source.createdTimestamp().isPresent()
        ? new Object[] {key, eventTs, createdTs, amount, n}
        : new Object[] {key, eventTs, amount, n};
  }

  /** An entity row of {@link #ENTITY_COLUMNS}. */
  public static Object[] entity(Long userId, String merchantId, Instant t, String label) {
    return new Object[] {userId, merchantId, t, label};
  }

  /** A query for every feature of the views, named {@code view__feature}. */
  public static HistoricalQuery query(boolean asOfCreated, HistoricalQuery.ViewInput... views) {
    List<HistoricalQuery.Output> outputs = new ArrayList<>();
    for (int v = 0; v < views.length; v++) {
      FeatureView view = views[v].view();
      for (Field f : view.features()) {
        outputs.add(new HistoricalQuery.Output(v, f.name(), view.name() + "__" + f.name()));
      }
    }
    return new HistoricalQuery(ENTITY_COLUMNS, List.of(views), outputs, asOfCreated);
  }
}
