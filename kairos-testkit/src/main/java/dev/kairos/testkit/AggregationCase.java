package dev.kairos.testkit;

import static dev.kairos.testkit.PitFixtures.MERCHANT_ID;
import static dev.kairos.testkit.PitFixtures.USER_ID;
import static dev.kairos.testkit.PitFixtures.at;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import dev.kairos.spi.OfflineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small random windowed-aggregation problem, reproducible from its seed: one to three views keyed
 * by users, merchants or both, each with plain features and aggregations of every function over
 * DOUBLE, FLOAT, INT64, INT32 and STRING columns and the event time, in windows of 1 s to 5 s, an
 * hour (longer than the data) and lifetime. Events crowd on a few whole seconds (so ties, events
 * exactly at a query time and exactly at a window's start are common), a few a microsecond off;
 * values, created times and keys are sometimes null; created times often tie. Entity rows repeat,
 * have null and unknown keys, and times before any data.
 *
 * @param batches per source table, the appends in order
 */
public record AggregationCase(
    long seed,
    HistoricalQuery query,
    Map<Source, List<List<Object[]>>> batches,
    List<Object[]> entityRows) {

  private static final List<Window> WINDOWS =
      List.of(
          Window.of(Duration.ofSeconds(1)),
          Window.of(Duration.ofSeconds(2)),
          Window.of(Duration.ofSeconds(3)),
          Window.of(Duration.ofSeconds(5)),
          Window.of(Duration.ofHours(1)),
          Window.LIFETIME);

  /** Builds the case for a seed; tables are named {@code <prefix>_<view index>}. */
  public static AggregationCase random(long seed, String tablePrefix, boolean asOfCreated) {
    Random r = new Random(seed);
    // three views now and then: each table costs the property's time budget a few milliseconds
    int viewCount = r.nextInt(6) == 0 ? 3 : 1 + r.nextInt(2);
    List<ViewInput> views = new ArrayList<>();
    Map<Source, List<List<Object[]>>> batches = new LinkedHashMap<>();
    List<Output> outputs = new ArrayList<>();
    for (int v = 0; v < viewCount; v++) {
      List<String> keys =
          switch (r.nextInt(5)) {
            case 0 -> List.of(USER_ID, MERCHANT_ID);
            case 1, 2 -> List.of(USER_ID);
            default -> List.of(MERCHANT_ID);
          };
      Source src = source(tablePrefix + "_" + v, keys, r.nextInt(3) > 0);
      List<Aggregation> aggs = aggregations(r, src);
      FeatureView view =
          new FeatureView(
              "v" + v,
              keys.stream().map(k -> k.equals(USER_ID) ? "user" : "merchant").toList(),
              src.name(),
              Duration.ofSeconds(r.nextInt(4)),
              List.of(new Field("amount", ValueType.DOUBLE), new Field("n", ValueType.INT64)),
              true,
              Map.of(),
              "",
              "",
              aggs);
      views.add(new ViewInput(view, src, keys));
      batches.put(src, sourceRows(r, src, keys));
      if (r.nextInt(3) == 0) {
        outputs.add(new Output(v, "amount", "v" + v + "__amount"));
      }
      for (Aggregation a : aggs) {
        outputs.add(new Output(v, a.name(), "v" + v + "__" + a.name()));
      }
    }
    Collections.shuffle(outputs, r);
    HistoricalQuery q =
        new HistoricalQuery(PitFixtures.ENTITY_COLUMNS, views, outputs, asOfCreated);
    return new AggregationCase(seed, q, batches, entityRows(r));
  }

  /** keys, event_ts, [created_ts], amount DOUBLE, n INT64, cat STRING, q INT32, f FLOAT. */
  private static Source source(String table, List<String> keys, boolean withCreated) {
    List<Field> fields = new ArrayList<>();
    for (String k : keys) {
      fields.add(new Field(k, k.equals(USER_ID) ? ValueType.INT64 : ValueType.STRING));
    }
    fields.add(new Field("event_ts", ValueType.TIMESTAMP));
    if (withCreated) {
      fields.add(new Field("created_ts", ValueType.TIMESTAMP));
    }
    fields.add(new Field("amount", ValueType.DOUBLE));
    fields.add(new Field("n", ValueType.INT64));
    fields.add(new Field("cat", ValueType.STRING));
    fields.add(new Field("q", ValueType.INT32));
    fields.add(new Field("f", ValueType.FLOAT));
    return new Source(
        table, table, fields, "event_ts", withCreated ? "created_ts" : null, "", null);
  }

  private static List<Aggregation> aggregations(Random r, Source src) {
    List<Aggregation> out = new ArrayList<>();
    int count = 1 + r.nextInt(8);
    for (int i = 0; i < count; i++) {
      AggregationFunction f =
          AggregationFunction.values()[r.nextInt(AggregationFunction.values().length)];
      List<String> columns = new ArrayList<>(List.of("amount", "n", "cat", "event_ts", "q", "f"));
      columns.removeIf(c -> !f.accepts(src.field(c).orElseThrow().type()));
      String column = columns.get(r.nextInt(columns.size()));
      Window w = WINDOWS.get(r.nextInt(WINDOWS.size()));
      ValueType type = f.resultType(src.field(column).orElseThrow().type());
      String name = Aggregation.defaultName(column, f, w) + "_" + i;
      out.add(new Aggregation(name, column, f, w, type));
    }
    return out;
  }

  private static List<List<Object[]>> sourceRows(Random r, Source src, List<String> keys) {
    int count = r.nextInt(16);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Object> row = new ArrayList<>();
      for (String key : keys) {
        row.add(r.nextInt(20) == 0 ? null : key(r, key, 3));
      }
      Instant ts = time(r, 9);
      Instant created = r.nextInt(4) == 0 ? null : at(r.nextInt(3) == 0 ? 5 : r.nextInt(11));
      Double amount =
          r.nextInt(6) == 0 ? null : r.nextInt(4) == 0 ? 0.1 * r.nextInt(50) : r.nextInt(9);
      Long n = r.nextInt(6) == 0 ? null : (long) r.nextInt(5) - 1;
      String cat = r.nextInt(6) == 0 ? null : List.of("a", "b", "Z", "é", "ab").get(r.nextInt(5));
      row.add(ts);
      if (src.createdTimestamp().isPresent()) {
        row.add(created);
      }
      row.addAll(Arrays.asList(amount, n, cat));
      row.add(r.nextInt(6) == 0 ? null : r.nextInt(7) - 3);
      row.add(r.nextInt(6) == 0 ? null : r.nextInt(40) / 4f);
      rows.add(row.toArray());
    }
    List<List<Object[]>> out = new ArrayList<>();
    int appends = 1 + r.nextInt(2);
    int from = 0;
    for (int a = 0; a < appends; a++) {
      int to = a == appends - 1 ? count : from + r.nextInt(count - from + 1);
      out.add(List.copyOf(rows.subList(from, to)));
      from = to;
    }
    return out;
  }

  /** A whole second in {@code [0, bound)}, sometimes a microsecond off. */
  private static Instant time(Random r, int bound) {
    Instant t = at(r.nextInt(bound));
    return switch (r.nextInt(8)) {
      case 0 -> t.plusNanos(1_000);
      case 1 -> t.minusNanos(1_000);
      default -> t;
    };
  }

  private static Object key(Random r, String key, int domain) {
    int k = 1 + r.nextInt(domain);
    return key.equals(USER_ID) ? (Object) (long) k : "m" + k;
  }

  private static List<Object[]> entityRows(Random r) {
    int count = r.nextInt(9);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!rows.isEmpty() && r.nextInt(5) == 0) {
        Object[] dup = rows.get(r.nextInt(rows.size())).clone();
        dup[3] = "row" + i;
        rows.add(dup);
        continue;
      }
      Long user = r.nextInt(10) == 0 ? null : (Long) key(r, USER_ID, 4);
      String merchant = r.nextInt(10) == 0 ? null : (String) key(r, MERCHANT_ID, 4);
      Instant t = r.nextInt(10) == 0 ? at(-2) : time(r, 13);
      rows.add(PitFixtures.entity(user, merchant, t, "row" + i));
    }
    return rows;
  }

  /** Loads the sources into a store, one {@code append} per batch. */
  public void load(OfflineStore store) {
    batches.forEach(
        (src, appends) -> {
          store.ensureTable(src);
          appends.forEach(rows -> store.append(src, rows.iterator()));
        });
  }

  /** Runs the query on a store and collects the output. */
  public List<Object[]> runOn(OfflineStore store) {
    List<Object[]> out = new ArrayList<>();
    store.historical(query, entityRows.iterator(), out::add);
    return out;
  }

  /**
   * The expected output: plain features from {@link PitOracle}, aggregations from {@link
   * AggregationOracle}.
   */
  public List<Object[]> expected() {
    Map<String, List<Object[]>> data = new LinkedHashMap<>();
    batches.forEach(
        (src, appends) -> {
          List<Object[]> all = new ArrayList<>();
          appends.forEach(all::addAll);
          data.put(src.table(), all);
        });
    List<Output> plain = new ArrayList<>();
    for (Output o : query.outputs()) {
      if (aggregation(o) == null) {
        plain.add(o);
      }
    }
    HistoricalQuery plainQuery =
        new HistoricalQuery(query.entityColumns(), query.views(), plain, query.asOfCreated());
    List<Object[]> joined = PitOracle.historical(plainQuery, entityRows, data);
    int width = query.entityColumns().size();
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < entityRows.size(); i++) {
      Object[] row = Arrays.copyOf(entityRows.get(i), width + query.outputs().size());
      int p = 0;
      for (int j = 0; j < query.outputs().size(); j++) {
        Output o = query.outputs().get(j);
        Aggregation a = aggregation(o);
        row[width + j] =
            a == null ? joined.get(i)[width + p++] : aggregate(o, a, entityRows.get(i), data);
      }
      out.add(row);
    }
    return out;
  }

  /** The aggregation an output names, or null for a plain feature. */
  public Aggregation aggregation(Output o) {
    return query.views().get(o.viewIndex()).view().aggregation(o.feature()).orElse(null);
  }

  private Object aggregate(
      Output o, Aggregation a, Object[] entity, Map<String, List<Object[]>> data) {
    ViewInput in = query.views().get(o.viewIndex());
    List<Field> fields = in.source().fields();
    int ts = PitOracle.indexOf(fields, "event_ts");
    int cr =
        in.source().createdTimestamp().isPresent() ? PitOracle.indexOf(fields, "created_ts") : -1;
    int col = PitOracle.indexOf(fields, a.column());
    List<AggregationOracle.Event> events = new ArrayList<>();
    for (Object[] row : data.get(in.source().table())) {
      events.add(
          new AggregationOracle.Event(
              keys(row, fields, in.joinKeys()),
              (Instant) row[ts],
              cr < 0 ? null : (Instant) row[cr],
              row[col]));
    }
    Instant t = (Instant) entity[2];
    return AggregationOracle.value(
        a,
        fields.get(col).type(),
        events,
        keys(entity, query.entityColumns(), in.joinKeys()),
        t,
        query.asOfCreated());
  }

  private static List<Object> keys(Object[] row, List<Field> fields, List<String> joinKeys) {
    List<Object> out = new ArrayList<>();
    for (String k : joinKeys) {
      out.add(row[PitOracle.indexOf(fields, k)]);
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("AggregationCase seed=" + seed + " asOfCreated=" + query.asOfCreated());
    for (ViewInput v : query.views()) {
      sb.append("\n view ").append(v.view().name()).append(" ttl=").append(v.view().ttl());
      sb.append(" source=").append(v.source().fields().stream().map(Field::name).toList());
      for (Aggregation a : v.view().aggregations()) {
        sb.append("\n  ").append(a);
      }
      for (List<Object[]> batch : batches.get(v.source())) {
        sb.append("\n  append");
        batch.forEach(row -> sb.append("\n   ").append(Arrays.toString(row)));
      }
    }
    sb.append("\n outputs ").append(query.outputs().stream().map(Output::columnName).toList());
    sb.append("\n entity rows");
    entityRows.forEach(row -> sb.append("\n  ").append(Arrays.toString(row)));
    return sb.toString();
  }
}
