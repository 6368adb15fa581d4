package dev.kairos.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.core.ondemand.OnDemandFixtures;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnDemandRetrievalTest {
  // Over plain features: the offline stores do not join windowed aggregations yet.
  static final Definitions DEFS = OnDemandFixtures.defs(OnDemandFixtures.PLAIN_RISK);

  @TempDir Path dir;
  private DuckDbOfflineStore store;
  private HistoricalRetrieval retrieval;
  private final Clock clock = Clock.fixed(Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void load() throws Exception {
    store = DuckDbOfflineStore.open(dir.resolve("offline.duckdb"), 1, "");
    Ingestor ingestor = new Ingestor(store, DEFS, dir, new MemoryRegistry(), clock, List.of());
    ingestor.ingest(
        "profiles",
        file(
            "profiles.csv",
            "user_id,ts,home_country,age\n"
                + "1,2024-01-01T00:00:00Z,DE,41\n"
                + "2,2024-01-01T00:00:00Z,FR,30\n"));
    ingestor.ingest(
        "stats",
        file(
            "stats.csv",
            "user_id,ts,amount_avg,txn_count\n"
                + "1,2024-05-31T12:00:00Z,50,1\n"
                + "2,2024-06-01T02:30:00Z,0,0\n"));
    retrieval = new HistoricalRetrieval(store, DEFS, clock);
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
      "event_timestamp,user_id,amount,country,quantity,label\n"
          + "2024-06-01T03:00:00Z,1,150,FR,7,1\n"
          + "2024-06-01T12:00:00Z,1,,DE,7,0\n"
          + "2024-06-01T03:00:00Z,2,150,FR,7,0\n"
          + "2024-06-01T03:00:00Z,9,150,FR,7,0\n";

  private List<String> run(String entities, String... refs) throws Exception {
    Path out = dir.resolve("train.csv");
    retrieval.run(
        new HistoricalRequest(
            file("e.csv", entities),
            List.of(refs).stream().map(FeatureRef::parse).toList(),
            null,
            out,
            false,
            false));
    return Files.readAllLines(out);
  }

  @Test
  void historical_computesRequestTimeFeaturesPerRow_inRequestOrder_withoutTheirInputs()
      throws Exception {
    assertThat(run(ENTITIES, "plain_risk:*", "user_profile:age"))
        .containsExactly(
            "event_timestamp,user_id,amount,country,quantity,label,amount_ratio,night,foreign,per_txn,age",
            "2024-06-01T03:00:00Z,1,150,FR,7,1,3.0,true,true,7,41",
            "2024-06-01T12:00:00Z,1,,DE,7,0,,false,false,7,41",
            "2024-06-01T03:00:00Z,2,150,FR,7,0,,true,false,,30",
            "2024-06-01T03:00:00Z,9,150,FR,7,0,,true,,,");
  }

  @Test
  void historical_ofOneRequestTimeFeature_readsOnlyItsInputs() throws Exception {
    assertThat(run(ENTITIES, "user_profile:home_country", "plain_risk:foreign"))
        .containsExactly(
            "event_timestamp,user_id,amount,country,quantity,label,home_country,foreign",
            "2024-06-01T03:00:00Z,1,150,FR,7,1,DE,true",
            "2024-06-01T12:00:00Z,1,,DE,7,0,DE,false",
            "2024-06-01T03:00:00Z,2,150,FR,7,0,FR,false",
            "2024-06-01T03:00:00Z,9,150,FR,7,0,,");
  }

  @Test
  void historical_withoutARequestFieldColumn_isAUserErrorNamingTheFileAndTheField() {
    String entities = "event_timestamp,user_id,amount,quantity\n2024-06-01T03:00:00Z,1,150,7\n";

    assertThatThrownBy(() -> run(entities, "plain_risk:foreign"))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "e.csv: missing column 'country', a request field of request-time view 'plain_risk';"
                + " columns found: event_timestamp, user_id, amount, quantity")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
    assertThat(dir.resolve("train.csv")).doesNotExist();
  }

  @Test
  void historical_needsOnlyTheRequestFieldsTheRequestedFeaturesRead() throws Exception {
    String entities = "event_timestamp,user_id\n2024-06-01T03:00:00Z,1\n";

    assertThat(run(entities, "plain_risk:night"))
        .containsExactly("event_timestamp,user_id,night", "2024-06-01T03:00:00Z,1,true");
  }

  @Test
  void historical_withARequestValueOfTheWrongType_isAUserErrorNamingTheRow() {
    String entities =
        "event_timestamp,user_id,amount,country,quantity\n"
            + "2024-06-01T03:00:00Z,1,150,FR,7\n"
            + "2024-06-01T03:00:00Z,1,lots,FR,7\n";

    assertThatThrownBy(() -> run(entities, "plain_risk:amount_ratio"))
        .hasMessage(
            "request field 'amount' expects DOUBLE values; e.csv entity row 2: 'lots' is not a"
                + " DOUBLE");
  }
}
