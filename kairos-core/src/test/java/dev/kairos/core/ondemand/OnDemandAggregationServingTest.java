package dev.kairos.core.ondemand;

import static dev.kairos.core.ondemand.OnDemandFixtures.PROFILES;
import static dev.kairos.core.ondemand.OnDemandFixtures.TXNS;
import static dev.kairos.core.ondemand.OnDemandFixtures.TXN_RISK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.online.Materializer;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.core.registry.FileRegistryStore;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented example end to end online: {@code request.amount /
 * user_txn_windows.amount_avg_30d} over windowed aggregations materialized from DuckDB events.
 */
class OnDemandAggregationServingTest {
  static final Instant NOW = Instant.parse("2024-06-01T03:00:00Z");
  static final Definitions DEFS = OnDemandFixtures.defs(TXN_RISK);

  @TempDir Path dir;

  @Test
  void get_evaluatesExpressionsOverAggregations_andThePlainFeaturesOfOtherViews() {
    InMemoryOnlineStore online = new InMemoryOnlineStore();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (DuckDbOfflineStore offline = DuckDbOfflineStore.open(dir.resolve("o.duckdb"), 1, "");
        FileRegistryStore registry = FileRegistryStore.open(dir.resolve("registry"))) {
      offline.ensureTable(TXNS);
      offline.ensureTable(PROFILES);
      offline.append(
          TXNS,
          List.of(
                  new Object[] {1L, Instant.parse("2024-05-20T12:00:00Z"), 40.0},
                  new Object[] {1L, Instant.parse("2024-06-01T02:30:00Z"), 60.0})
              .iterator());
      offline.append(
          PROFILES,
          List.<Object[]>of(new Object[] {1L, Instant.parse("2024-01-01T00:00:00Z"), "DE", 41})
              .iterator());
      new Materializer(DEFS, offline, online, registry, clock, 100)
          .materialize(Instant.EPOCH, NOW, null, ProgressListener.NONE);
    }
    Map<String, List<Object>> request = new LinkedHashMap<>();
    request.put("amount", List.of(150.0, 150.0));
    request.put("country", List.of("FR", "FR"));
    request.put("quantity", List.of(7L, 7L));

    OnlineResult r =
        new OnlineServingEngine(() -> DEFS, online, clock, 10)
            .get(
                new OnlineQuery(
                    List.of(FeatureRef.parse("txn_risk:*")),
                    null,
                    Map.of("user_id", List.of(1L, 2L)),
                    false,
                    request));

    assertThat(r.names()).containsExactly("user_id", "amount_ratio", "night", "foreign", "per_txn");
    assertThat(Arrays.asList(r.columns().get(1).values())).containsExactly(3.0, null);
    assertThat(Arrays.asList(r.columns().get(2).values())).containsExactly(true, true);
    assertThat(Arrays.asList(r.columns().get(3).values())).containsExactly(true, null);
    assertThat(Arrays.asList(r.columns().get(4).values())).containsExactly(7L, null);
    assertThat(r.columns().get(1).statuses())
        .containsExactly(FieldStatus.PRESENT, FieldStatus.NULL_VALUE);
  }
}
