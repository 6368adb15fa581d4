package dev.kairos.core.online;

import static dev.kairos.core.online.ServingFixtures.DEFS;
import static dev.kairos.core.online.ServingFixtures.USER_PROFILE;
import static dev.kairos.core.online.ServingFixtures.USER_SOURCE;
import static dev.kairos.core.online.ServingFixtures.USER_STATS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.Field;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.core.registry.FileRegistryStore;
import dev.kairos.spi.HistoricalQuery;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After materializing up to T, the online values of random entities equal what a point-in-time
 * training set at T returns for them (values outside the TTL are null offline, OUTSIDE_MAX_AGE
 * online).
 */
class OnlineOfflineConsistencyTest {
  static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  static final List<String> FEATURES =
      List.of("user_stats:clicks", "user_stats:score", "user_profile:name", "user_profile:score");

  @TempDir Path dir;

  @Test
  void onlineValuesAfterMaterializingToT_equalTheTrainingSetAtT() {
    Random random = new Random(42);
    try (DuckDbOfflineStore offline = DuckDbOfflineStore.open(dir.resolve("o.duckdb"), 1, "");
        FileRegistryStore registry = FileRegistryStore.open(dir.resolve("registry"))) {
      offline.ensureTable(USER_SOURCE);
      offline.append(USER_SOURCE, randomEvents(random, 300, 3000).iterator());

      java.util.Set<FieldStatus> seen = java.util.EnumSet.noneOf(FieldStatus.class);
      for (int round = 0; round < 3; round++) {
        Instant t = BASE.plus(Duration.ofMinutes(random.nextInt(10 * 24 * 60)));
        InMemoryOnlineStore online = new InMemoryOnlineStore();
        Clock atT = Clock.fixed(t, ZoneOffset.UTC);
        new Materializer(DEFS, offline, online, registry, atT, 500)
            .materialize(Instant.EPOCH, t, null, ProgressListener.NONE);
        List<Object> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          users.add((long) random.nextInt(320));
        }

        OnlineResult served =
            new OnlineServingEngine(() -> DEFS, online, atT, 1000)
                .get(
                    new OnlineQuery(
                        FEATURES.stream().map(FeatureRef::parse).toList(),
                        null,
                        Map.of("user_id", users),
                        true));
        List<Object[]> training = trainingSet(offline, users, t);

        for (int f = 0; f < FEATURES.size(); f++) {
          OnlineResult.Column col = served.columns().get(f + 1);
          for (int r = 0; r < users.size(); r++) {
            Object offlineValue = training.get(r)[2 + f];
            seen.add(col.statuses()[r]);
            Object onlineValue = col.statuses()[r] == FieldStatus.PRESENT ? col.values()[r] : null;
            assertThat(onlineValue)
                .as(
                    "user %s feature %s at %s (%s)",
                    users.get(r), FEATURES.get(f), t, col.statuses()[r])
                .isEqualTo(offlineValue);
          }
        }
      }
      assertThat(seen)
          .as("the data exercises every status")
          .containsExactlyInAnyOrder(FieldStatus.values());
    }
  }

  private static List<Object[]> randomEvents(Random random, int users, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant ts = BASE.plus(Duration.ofMinutes(random.nextInt(10 * 24 * 60)));
      Instant created = ts.plusSeconds(random.nextInt(3));
      rows.add(
          new Object[] {
            (long) random.nextInt(users),
            ts,
            created,
            (long) random.nextInt(1000),
            random.nextInt(5) == 0 ? null : random.nextDouble(),
            "n" + i
          });
    }
    return rows;
  }

  private static List<Object[]> trainingSet(
      DuckDbOfflineStore offline, List<Object> users, Instant t) {
    HistoricalQuery q =
        new HistoricalQuery(
            List.of(
                new Field("user_id", ValueType.INT64),
                new Field(HistoricalQuery.EVENT_TIMESTAMP, ValueType.TIMESTAMP)),
            List.of(
                new HistoricalQuery.ViewInput(USER_STATS, USER_SOURCE, List.of("user_id")),
                new HistoricalQuery.ViewInput(USER_PROFILE, USER_SOURCE, List.of("user_id"))),
            List.of(
                new HistoricalQuery.Output(0, "clicks", "c"),
                new HistoricalQuery.Output(0, "score", "s"),
                new HistoricalQuery.Output(1, "name", "n"),
                new HistoricalQuery.Output(1, "score", "s2")),
            false);
    List<Object[]> entityRows = new ArrayList<>();
    for (Object u : users) {
      entityRows.add(new Object[] {u, t});
    }
    List<Object[]> out = new ArrayList<>();
    offline.historical(q, entityRows.iterator(), out::add);
    return out;
  }
}
