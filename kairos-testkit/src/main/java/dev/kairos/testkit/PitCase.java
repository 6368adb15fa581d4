package dev.kairos.testkit;

import static dev.kairos.testkit.PitFixtures.MERCHANT_ID;
import static dev.kairos.testkit.PitFixtures.USER_ID;
import static dev.kairos.testkit.PitFixtures.at;

import dev.kairos.api.Source;
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
 * A small random point-in-time problem, reproducible from its seed: one to three views keyed by
 * users or merchants, with or without created timestamps, TTL zero or a few seconds; source rows
 * crowded on a few timestamps (so ties are common) with null keys and null values, loaded in one to
 * three appends; entity rows with duplicates, null keys, unknown keys and times before any data.
 *
 * @param batches per source table, the appends in order
 */
public record PitCase(
    long seed,
    HistoricalQuery query,
    Map<Source, List<List<Object[]>>> batches,
    List<Object[]> entityRows) {

  /** Builds the case for a seed; tables are named {@code <prefix>_<view index>}. */
  public static PitCase random(long seed, String tablePrefix) {
    Random r = new Random(seed);
    int viewCount = 1 + r.nextInt(3);
    List<ViewInput> views = new ArrayList<>();
    Map<Source, List<List<Object[]>>> batches = new LinkedHashMap<>();
    for (int v = 0; v < viewCount; v++) {
      String key = r.nextBoolean() ? USER_ID : MERCHANT_ID;
      Source src = PitFixtures.source(tablePrefix + "_" + v, key, r.nextBoolean());
      Duration ttl = r.nextInt(3) == 0 ? Duration.ZERO : Duration.ofSeconds(1 + r.nextInt(5));
      views.add(PitFixtures.view("v" + v, key, src, ttl));
      batches.put(src, sourceRows(r, src, key));
    }
    List<Output> outputs = new ArrayList<>();
    for (int v = 0; v < viewCount; v++) {
      outputs.add(new Output(v, "amount", "v" + v + "__amount"));
      outputs.add(new Output(v, "n", "v" + v + "__n"));
    }
    Collections.shuffle(outputs, r);
    HistoricalQuery q =
        new HistoricalQuery(PitFixtures.ENTITY_COLUMNS, views, outputs, r.nextInt(3) == 0);
    return new PitCase(seed, q, batches, entityRows(r));
  }

  private static List<List<Object[]>> sourceRows(Random r, Source src, String key) {
    int count = r.nextInt(13);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object k = r.nextInt(20) == 0 ? null : key(r, key, 3);
      Instant created = r.nextInt(5) == 0 ? null : at(r.nextInt(11));
      Double amount = r.nextInt(6) == 0 ? null : (double) r.nextInt(100);
      Long n = r.nextInt(6) == 0 ? null : (long) r.nextInt(1000);
      rows.add(PitFixtures.row(src, k, at(r.nextInt(9)), created, amount, n));
    }
    List<List<Object[]>> out = new ArrayList<>();
    int appends = 1 + r.nextInt(3);
    int from = 0;
    for (int a = 0; a < appends; a++) {
      int to = a == appends - 1 ? count : from + r.nextInt(count - from + 1);
      out.add(List.copyOf(rows.subList(from, to)));
      from = to;
    }
    return out;
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
      rows.add(PitFixtures.entity(user, merchant, at(r.nextInt(13) - 2), "row" + i));
    }
    return rows;
  }

  /** Every source row in ingestion order, keyed by table, as {@link PitOracle} wants them. */
  public Map<String, List<Object[]>> data() {
    Map<String, List<Object[]>> out = new LinkedHashMap<>();
    batches.forEach(
        (src, appends) -> {
          List<Object[]> all = new ArrayList<>();
          appends.forEach(all::addAll);
          out.put(src.table(), all);
        });
    return out;
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

  /** The oracle's answer. */
  public List<Object[]> expected() {
    return PitOracle.historical(query, entityRows, data());
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("PitCase seed=" + seed + " asOfCreated=" + query.asOfCreated());
    for (ViewInput v : query.views()) {
      sb.append("\n view ").append(v.view().name()).append(" ttl=").append(v.view().ttl());
      sb.append(" source=").append(v.source().fields().stream().map(f -> f.name()).toList());
      for (List<Object[]> batch : batches.get(v.source())) {
        sb.append("\n  append");
        batch.forEach(row -> sb.append("\n   ").append(Arrays.toString(row)));
      }
    }
    sb.append("\n entity rows");
    entityRows.forEach(row -> sb.append("\n  ").append(Arrays.toString(row)));
    return sb.toString();
  }
}
