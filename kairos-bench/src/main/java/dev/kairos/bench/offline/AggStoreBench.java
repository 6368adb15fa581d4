package dev.kairos.bench.offline;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.bench.BenchSupport;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.spi.HistoricalQuery.Output;
import dev.kairos.spi.HistoricalQuery.ViewInput;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link AggregationBench}'s 21 aggregations straight through the DuckDB offline store's {@code
 * historical} (no definitions file, no core), against the hand-written {@link AggBaseline} on the
 * same DuckDB file, alternated, checked cell by cell. Kairos' time includes uploading the entity
 * rows, streaming the result into Java and writing it as CSV; the baseline's is a DuckDB {@code
 * COPY} from CSV to CSV. With {@code --postgres true} the same query also runs once on the
 * PostgreSQL offline store (two join sessions), checked against the baseline's output too; with
 * {@code --as-of-created true} DuckDB also runs it once as of created time (a range join) and once
 * without, both into a counting consumer (timed only).
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.kairos.bench.offline.AggStoreBench \
 *   [--source-rows 1000000] [--entity-rows 100000] [--runs 3] [--work /tmp/kairos-bench] \
 *   [--postgres false] [--pg-url jdbc:postgresql://127.0.0.1:5432/postgres] [--as-of-created false]
 * </pre>
 */
public final class AggStoreBench {
  private static final String MEMORY = "4GB";

  private AggStoreBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args =
        BenchSupport.args(
            argv,
            Map.of(
                "source-rows", "1000000",
                "entity-rows", "100000",
                "runs", "3",
                "work", "/tmp/kairos-bench",
                "postgres", "false",
                "as-of-created", "false",
                "pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres"));
    Path work = Files.createDirectories(Path.of(args.get("work")));
    long rows = Long.parseLong(args.get("source-rows"));
    long entityRows = Long.parseLong(args.get("entity-rows"));
    Path csv = BenchSupport.transactionsCsv(work, rows, 42);
    Path entities = work.resolve("agg-entities-" + entityRows + ".csv");
    if (!Files.isRegularFile(entities)) {
      throw new IllegalStateException("run bin/aggregations.sh once to write " + entities);
    }
    Path db = work.resolve("agg-store-" + rows + ".duckdb");
    Source src = source();
    if (!Files.isRegularFile(db)) {
      load(db, csv);
    }
    HistoricalQuery q = query(src);
    List<Object[]> entityList = readEntities(entities);
    double kairos = Double.MAX_VALUE;
    double base = Double.MAX_VALUE;
    Path out = work.resolve("agg-store-out.csv");
    Path baseOut = work.resolve("agg-store-baseline.csv");
    for (int i = 0; i < Integer.parseInt(args.get("runs")); i++) {
      long t = System.nanoTime();
      try (DuckDbOfflineStore store = DuckDbOfflineStore.open(db, 0, MEMORY);
          BufferedWriter w = Files.newBufferedWriter(out)) {
        w.write("transaction_id,user_id,merchant_id,device_id,event_timestamp,is_fraud");
        for (Output o : q.outputs()) {
          w.write("," + o.columnName());
        }
        w.newLine();
        store.historical(q, entityList.iterator(), row -> write(w, row));
      }
      double k = BenchSupport.seconds(t);
      kairos = Math.min(kairos, k);
      t = System.nanoTime();
      AggBaseline.run(db, entities, baseOut, MEMORY);
      double b = BenchSupport.seconds(t);
      base = Math.min(base, b);
      System.out.printf(Locale.ROOT, "run %d: kairos %.2fs baseline %.2fs%n", i + 1, k, b);
    }
    String diff = AggBaseline.compare(out, baseOut, AggRepo.FEATURES);
    System.out.printf(
        Locale.ROOT,
        "source rows %,d, entity rows %,d, best of runs: Kairos %.2f s, baseline %.2f s, ratio %.2f;"
            + " %s%n",
        rows,
        entityRows,
        kairos,
        base,
        kairos / base,
        diff == null ? "outputs agree cell by cell" : "OUTPUTS DIFFER: " + diff);
    if (Boolean.parseBoolean(args.get("as-of-created"))) {
      // Both into a counting consumer, so the range join and the window frames compare directly.
      for (boolean asOf : new boolean[] {false, true}) {
        HistoricalQuery variant =
            new HistoricalQuery(q.entityColumns(), q.views(), q.outputs(), asOf);
        long t = System.nanoTime();
        long[] n = {0};
        try (DuckDbOfflineStore store = DuckDbOfflineStore.open(db, 0, MEMORY)) {
          store.historical(variant, entityList.iterator(), row -> n[0]++);
        }
        System.out.printf(
            Locale.ROOT,
            "DuckDB asOfCreated=%s (%s), rows counted, no CSV: %.2f s for %,d rows%n",
            asOf,
            asOf ? "range join" : "window frames",
            BenchSupport.seconds(t),
            n[0]);
      }
    }
    if (Boolean.parseBoolean(args.get("postgres"))) {
      postgres(args.get("pg-url"), csv, q, entityList, work.resolve("agg-store-pg.csv"), baseOut);
    }
  }

  private static void postgres(
      String url, Path csv, HistoricalQuery q, List<Object[]> entities, Path out, Path baseOut)
      throws Exception {
    String schema = "kairos_aggstore_" + ProcessHandle.current().pid();
    try (dev.kairos.store.postgres.PostgresOfflineStore store =
        dev.kairos.store.postgres.PostgresOfflineStore.open(url, "postgres", "", schema, 4, 2)) {
      Source src = q.views().get(0).source();
      store.ensureTable(src);
      long t = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        StringBuilder cols = new StringBuilder();
        src.fields().forEach(f -> cols.append(cols.length() > 0 ? ", " : "").append(f.name()));
        s.execute(
            "COPY \""
                + schema
                + "\".transactions ("
                + cols
                + ") FROM '"
                + csv.toAbsolutePath()
                + "' (FORMAT csv, HEADER true)");
        s.execute("ANALYZE \"" + schema + "\".transactions");
      }
      System.out.printf(Locale.ROOT, "PostgreSQL load %.2fs%n", BenchSupport.seconds(t));
      t = System.nanoTime();
      try (BufferedWriter w = Files.newBufferedWriter(out)) {
        w.write("transaction_id,user_id,merchant_id,device_id,event_timestamp,is_fraud");
        for (Output o : q.outputs()) {
          w.write("," + o.columnName());
        }
        w.newLine();
        store.historical(q, entities.iterator(), row -> write(w, row));
      }
      double pg = BenchSupport.seconds(t);
      String diff = AggBaseline.compare(out, baseOut, AggRepo.FEATURES);
      System.out.printf(
          Locale.ROOT,
          "PostgreSQL: %.2f s (index built on first use included); %s%n",
          pg,
          diff == null ? "outputs agree with the baseline" : "OUTPUTS DIFFER: " + diff);
    } finally {
      try (Connection c = DriverManager.getConnection(url, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    }
  }

  private static void write(BufferedWriter w, Object[] row) {
    try {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        if (row[i] != null) {
          w.write(row[i].toString());
        }
      }
      w.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Source source() {
    List<Field> fields =
        List.of(
            new Field("transaction_id", ValueType.STRING),
            new Field("user_id", ValueType.INT64),
            new Field("merchant_id", ValueType.INT64),
            new Field("merchant_category", ValueType.STRING),
            new Field("amount", ValueType.DOUBLE),
            new Field("currency", ValueType.STRING),
            new Field("country", ValueType.STRING),
            new Field("device_id", ValueType.STRING),
            new Field("event_timestamp", ValueType.TIMESTAMP),
            new Field("created_timestamp", ValueType.TIMESTAMP),
            new Field("is_fraud", ValueType.INT32));
    return new Source(
        "transactions", "transactions", fields, "event_timestamp", "created_timestamp", "", null);
  }

  private static void load(Path db, Path csv) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE transactions AS SELECT *, row_number() OVER () AS _kairos_seq FROM "
              + PitBaseline.readTransactions(csv));
    }
  }

  private static Aggregation agg(String column, AggregationFunction f, String w, ValueType t) {
    Window window = Window.of(Duration.parse(w));
    return new Aggregation(Aggregation.defaultName(column, f, window), column, f, window, t);
  }

  static HistoricalQuery query(Source src) {
    AggregationFunction count = AggregationFunction.COUNT;
    AggregationFunction sum = AggregationFunction.SUM;
    AggregationFunction avg = AggregationFunction.AVG;
    AggregationFunction distinct = AggregationFunction.COUNT_DISTINCT;
    ValueType i64 = ValueType.INT64;
    ValueType dbl = ValueType.DOUBLE;
    List<Aggregation> user =
        new ArrayList<>(
            List.of(
                agg("amount", count, "PT1M", i64),
                agg("amount", count, "PT10M", i64),
                agg("amount", count, "PT1H", i64),
                agg("amount", count, "P1D", i64),
                agg("amount", sum, "PT1H", dbl),
                agg("amount", sum, "P1D", dbl),
                agg("amount", sum, "P30D", dbl),
                agg("amount", avg, "PT1H", dbl),
                agg("amount", avg, "P1D", dbl),
                agg("amount", avg, "P30D", dbl),
                agg("merchant_id", distinct, "PT1H", i64),
                agg("merchant_id", distinct, "P1D", i64),
                agg("country", distinct, "PT1H", i64),
                agg("country", distinct, "P1D", i64)));
    user.add(
        new Aggregation(
            "last_txn_ts",
            "event_timestamp",
            AggregationFunction.LAST,
            Window.of(Duration.ofDays(30)),
            ValueType.TIMESTAMP));
    List<Aggregation> merchant =
        List.of(
            agg("amount", count, "PT1H", i64),
            agg("amount", count, "P1D", i64),
            agg("amount", sum, "PT1H", dbl),
            agg("amount", sum, "P1D", dbl));
    List<Aggregation> device =
        List.of(agg("user_id", distinct, "P1D", i64), agg("user_id", distinct, "P7D", i64));
    List<ViewInput> views =
        List.of(
            view("user_windows", "user", "user_id", src, user),
            view("merchant_windows", "merchant", "merchant_id", src, merchant),
            view("device_windows", "device", "device_id", src, device));
    List<Output> outputs = new ArrayList<>();
    for (int v = 0; v < views.size(); v++) {
      for (Aggregation a : views.get(v).view().aggregations()) {
        outputs.add(new Output(v, a.name(), views.get(v).view().name() + "__" + a.name()));
      }
    }
    List<Field> columns =
        List.of(
            new Field("transaction_id", ValueType.STRING),
            new Field("user_id", ValueType.INT64),
            new Field("merchant_id", ValueType.INT64),
            new Field("device_id", ValueType.STRING),
            new Field(HistoricalQuery.EVENT_TIMESTAMP, ValueType.TIMESTAMP),
            new Field("is_fraud", ValueType.STRING));
    return new HistoricalQuery(columns, views, outputs, false);
  }

  private static ViewInput view(
      String name, String entity, String key, Source src, List<Aggregation> aggs) {
    FeatureView v =
        new FeatureView(
            name,
            List.of(entity),
            src.name(),
            Duration.ZERO,
            List.of(),
            false,
            Map.of(),
            "",
            "",
            aggs);
    return new ViewInput(v, src, List.of(key));
  }

  private static List<Object[]> readEntities(Path entities) throws Exception {
    List<Object[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM read_csv('"
                    + entities.toAbsolutePath()
                    + "', header = true, all_varchar = true)")) {
      while (rs.next()) {
        out.add(
            new Object[] {
              rs.getString(1),
              Long.parseLong(rs.getString(2)),
              Long.parseLong(rs.getString(3)),
              rs.getString(4),
              Instant.parse(rs.getString(5)),
              rs.getString(6)
            });
      }
    }
    return out;
  }
}
