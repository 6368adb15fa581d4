package dev.kairos.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.io.TabularWriter;
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

class IngestorTest {
  @TempDir Path dir;
  private DuckDbOfflineStore store;
  private final Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void open() {
    store = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Ingestor ingestor(List<IngestGate> gates) {
    return new Ingestor(store, Repo.definitions(), dir, new MemoryRegistry(), clock, gates);
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Test
  void ingest_loadsCsvInAnyColumnOrder_andReportsRows() throws Exception {
    Path f =
        file(
            "transactions.csv",
            "amount,user_id,event_ts,created_ts\n"
                + "1.5,1,2026-01-01T10:00:00Z,\n"
                + "2.5,2,2026-01-01T11:00:00+01:00,2026-01-01T10:00:00Z\n");
    IngestResult r = ingestor(List.of()).ingest("transactions", f);
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.source()).isEqualTo("transactions");
    assertThat(store.count(Repo.TRANSACTIONS)).isEqualTo(2);
  }

  @Test
  void ingest_rejectsBadValues_namingFileLineAndField_andWritesNothing() throws Exception {
    Path f =
        file(
            "transactions.csv",
            "user_id,amount,event_ts,created_ts\n"
                + "1,1.5,2026-01-01T10:00:00Z,\n"
                + "1,abc,2026-01-01T10:00:00Z,\n"
                + "x,2.0,,\n");
    assertThatThrownBy(() -> ingestor(List.of()).ingest("transactions", f))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "cannot load transactions.csv into source 'transactions'; nothing was written."
                + " Errors:\n"
                + "  transactions.csv:3: field 'amount': 'abc' is not a DOUBLE\n"
                + "  transactions.csv:4: field 'user_id': 'x' is not an INT64\n"
                + "  transactions.csv:4: field 'event_ts': the event timestamp is required");
    assertThat(store.count(Repo.TRANSACTIONS)).isZero();
  }

  @Test
  void ingest_namesMissingAndUnknownColumns() throws Exception {
    Path f = file("t.csv", "user_id,amount,when\n");
    assertThatThrownBy(() -> ingestor(List.of()).ingest("transactions", f))
        .hasMessage(
            "t.csv: header does not match source 'transactions': missing column(s) event_ts,"
                + " created_ts; unknown column(s) when; expected: user_id, amount, event_ts,"
                + " created_ts");
  }

  @Test
  void ingest_rejectsEmptyFile_andUnknownSource() throws Exception {
    Path f = file("t.csv", "");
    assertThatThrownBy(() -> ingestor(List.of()).ingest("transactions", f))
        .hasMessage(
            "t.csv: the file is empty; expected a header line with the columns of source"
                + " 'transactions': user_id, amount, event_ts, created_ts");
    assertThatThrownBy(() -> ingestor(List.of()).ingest("nope", f))
        .isInstanceOf(KairosException.class)
        .hasMessage("unknown source 'nope'; known sources: transactions, merchant_stats")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void ingest_runsGatesFirst_andARejectingGateWritesNothing() throws Exception {
    Path f = file("transactions.csv", "user_id,amount,event_ts,created_ts\n1,-5,2026-01-01,\n");
    List<IngestBatch> seen = new ArrayList<>();
    IngestGate gate =
        batch -> {
          seen.add(batch);
          throw KairosException.user("amount must be >= 0 (1 row failed)");
        };
    assertThatThrownBy(() -> ingestor(List.of(gate)).ingest("transactions", f))
        .hasMessage("amount must be >= 0 (1 row failed)");
    assertThat(seen).singleElement().extracting(IngestBatch::file).isEqualTo(f);
    assertThat(seen.get(0).source()).isEqualTo(Repo.TRANSACTIONS);
    assertThat(store.count(Repo.TRANSACTIONS)).isZero();
  }

  @Test
  void ingest_loadsParquet() throws Exception {
    Path f = dir.resolve("t.parquet");
    try (TabularWriter w = TabularWriter.create(f, Repo.TRANSACTIONS.fields())) {
      w.write(new Object[] {1L, 2.0, Instant.parse("2026-01-01T00:00:00Z"), null});
    }
    assertThat(ingestor(List.of()).ingest("transactions", f).rows()).isEqualTo(1);
    assertThat(store.count(Repo.TRANSACTIONS)).isEqualTo(1);
  }

  @Test
  void discoverGates_findsNoneWhenNoneIsRegistered() {
    assertThat(Ingestor.discoverGates()).isEmpty();
  }
}
