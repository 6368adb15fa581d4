package dev.kairos.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.FeatureRef;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoricalRetrievalTest {
  @TempDir Path dir;
  private DuckDbOfflineStore store;
  private HistoricalRetrieval retrieval;
  private final Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void load() throws Exception {
    store = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "");
    Ingestor ingestor =
        new Ingestor(store, Repo.definitions(), dir, new MemoryRegistry(), clock, List.of());
    ingestor.ingest(
        "transactions",
        file(
            "transactions.csv",
            "user_id,amount,event_ts,created_ts\n"
                + "1,10,2026-01-01T10:00:00Z,2026-01-01T10:00:00Z\n"
                + "1,11,2026-01-01T10:30:00Z,2026-01-01T12:00:00Z\n"
                + "2,20,2026-01-01T09:00:00Z,\n"));
    ingestor.ingest(
        "merchant_stats",
        file("m.csv", "merchant_id,amount,event_ts\nm1,100,2026-01-01T00:00:00Z\n"));
    retrieval = new HistoricalRetrieval(store, Repo.definitions(), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static final String ENTITIES =
      "tx_id,event_timestamp,user_id,merchant_id,is_fraud\n"
          + "a,2026-01-01T10:45:00Z,1,m1,0\n"
          + "b,2026-01-01T08:00:00Z,1,m2,1\n"
          + "c,2026-01-01T11:00:00Z,2,m1,\"x,y\"\n"
          + "a,2026-01-01T10:45:00Z,1,m1,0\n"
          + "d,2026-01-01T10:45:00Z,9,,0\n";

  @Test
  void historical_writesOneRowPerEntityRowInInputOrder_withInputColumnsFirst() throws Exception {
    Path out = dir.resolve("train.csv");
    HistoricalResult r =
        retrieval.run(
            new HistoricalRequest(file("e.csv", ENTITIES), List.of(), "fraud", out, true, false));
    assertThat(r.rows()).isEqualTo(5);
    assertThat(Files.readString(out))
        .isEqualTo(
            "tx_id,event_timestamp,user_id,merchant_id,is_fraud,user_tx__amount,merchant_tx__amount\n"
                + "a,2026-01-01T10:45:00Z,1,m1,0,11.0,100.0\n"
                + "b,2026-01-01T08:00:00Z,1,m2,1,,\n"
                + "c,2026-01-01T11:00:00Z,2,m1,\"x,y\",,100.0\n"
                + "a,2026-01-01T10:45:00Z,1,m1,0,11.0,100.0\n"
                + "d,2026-01-01T10:45:00Z,9,,0,,\n");
  }

  @Test
  void historical_asOfCreatedHidesTheBackfilledRow() throws Exception {
    Path out = dir.resolve("train.csv");
    retrieval.run(
        new HistoricalRequest(
            file("e.csv", ENTITIES),
            List.of(FeatureRef.parse("user_tx:amount")),
            null,
            out,
            false,
            true));
    assertThat(Files.readAllLines(out)).element(1).isEqualTo("a,2026-01-01T10:45:00Z,1,m1,0,10.0");
  }

  @Test
  void historical_sameShortNameWithoutFullNames_isAUserErrorNamingBoth() throws Exception {
    assertThatThrownBy(
            () ->
                retrieval.run(
                    new HistoricalRequest(
                        file("e.csv", ENTITIES),
                        List.of(),
                        "fraud",
                        dir.resolve("o.csv"),
                        false,
                        false)))
        .hasMessage(
            "features 'user_tx:amount' and 'merchant_tx:amount' would both be named 'amount';"
                + " use full feature names (view__feature: --full-feature-names,"
                + " fullFeatureNames in the Java API) or drop one");
    assertThat(dir.resolve("o.csv")).doesNotExist();
  }

  @Test
  void historical_featureNamedLikeAnInputColumn_isAUserErrorNamingBoth() throws Exception {
    String entities = "user_id,event_timestamp,amount\n1,2026-01-01T10:45:00Z,5\n";
    assertThatThrownBy(
            () ->
                retrieval.run(
                    new HistoricalRequest(
                        file("e.csv", entities),
                        List.of(FeatureRef.parse("user_tx:amount")),
                        null,
                        dir.resolve("o.csv"),
                        false,
                        false)))
        .hasMessageStartingWith(
            "feature 'user_tx:amount' would be named 'amount', like a column of ")
        .hasMessageEndingWith(
            "e.csv; use full feature names (view__feature: --full-feature-names,"
                + " fullFeatureNames in the Java API) or rename the column");
    assertThat(dir.resolve("o.csv")).doesNotExist();
  }

  @Test
  void historical_missingJoinKeyOrTimestampColumn_isAUserError() throws Exception {
    List<FeatureRef> refs = List.of(FeatureRef.parse("merchant_tx:amount"));
    assertThatThrownBy(
            () ->
                retrieval.run(
                    new HistoricalRequest(
                        file("e.csv", "user_id,event_timestamp\n1,2026-01-01\n"),
                        refs,
                        null,
                        dir.resolve("o.csv"),
                        false,
                        false)))
        .hasMessage(
            "e.csv: missing column 'merchant_id', the join key of view 'merchant_tx'; columns"
                + " found: user_id, event_timestamp");
    assertThatThrownBy(
            () ->
                retrieval.run(
                    new HistoricalRequest(
                        file("e2.csv", "merchant_id,ts\nm1,2026-01-01\n"),
                        refs,
                        null,
                        dir.resolve("o.csv"),
                        false,
                        false)))
        .hasMessage(
            "e2.csv: missing column 'event_timestamp' (when each labelled event happened);"
                + " columns found: merchant_id, ts");
  }

  @Test
  void historical_reportsBadTimestampWithLineAndField() throws Exception {
    assertThatThrownBy(
            () ->
                retrieval.run(
                    new HistoricalRequest(
                        file("e.csv", "user_id,event_timestamp\n1,2026-01-01\n1,yesterday\n"),
                        List.of(FeatureRef.parse("user_tx:amount")),
                        null,
                        dir.resolve("o.csv"),
                        false,
                        false)))
        .hasMessage("e.csv:3: field 'event_timestamp': 'yesterday' is not a TIMESTAMP");
    assertThat(dir.resolve("o.csv")).doesNotExist();
  }

  @Test
  void historical_readsAndWritesParquet() throws Exception {
    Path csvOut = dir.resolve("first.parquet");
    retrieval.run(
        new HistoricalRequest(file("e.csv", ENTITIES), List.of(), "fraud", csvOut, true, false));
    Path again = dir.resolve("again.csv");
    retrieval.run(
        new HistoricalRequest(
            csvOut, List.of(FeatureRef.parse("merchant_tx:amount")), null, again, false, false));
    List<String> rows = new ArrayList<>();
    try (TabularReader r = TabularReader.open(again)) {
      for (TabularRecord rec = r.next(); rec != null; rec = r.next()) {
        rows.add(rec.values().toString());
      }
      assertThat(r.header())
          .containsExactly(
              "tx_id",
              "event_timestamp",
              "user_id",
              "merchant_id",
              "is_fraud",
              "user_tx__amount",
              "merchant_tx__amount",
              "amount");
    }
    assertThat(rows)
        .containsExactly(
            "[a, 2026-01-01T10:45:00Z, 1, m1, 0, 11.0, 100.0, 100.0]",
            "[b, 2026-01-01T08:00:00Z, 1, m2, 1, 11.0, null, null]".replace("11.0", "null"),
            "[c, 2026-01-01T11:00:00Z, 2, m1, x,y, null, 100.0, 100.0]",
            "[a, 2026-01-01T10:45:00Z, 1, m1, 0, 11.0, 100.0, 100.0]",
            "[d, 2026-01-01T10:45:00Z, 9, null, 0, null, null, null]");
  }
}
