package dev.kairos.core.ondemand;

import static dev.kairos.core.ondemand.OnDemandFixtures.PROFILES;
import static dev.kairos.core.ondemand.OnDemandFixtures.STATS;
import static dev.kairos.core.ondemand.OnDemandFixtures.USER_PROFILE;
import static dev.kairos.core.ondemand.OnDemandFixtures.USER_STATS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.core.io.ValueText;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.core.offline.HistoricalRetrieval;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.spi.OnlineRow;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The same request-time expression gives the same value in a training set (DuckDB point-in-time
 * join, request fields from the entity file) and from the feature server (online store, request
 * data), on generated rows with null inputs, zero divisors and overflowing integers.
 */
class OnDemandConsistencyTest {
  static final Instant STORED = Instant.parse("2024-06-01T00:00:00Z");
  static final OnDemandFeatureView CHECKS =
      new OnDemandFeatureView(
          "checks",
          OnDemandFixtures.REQUEST,
          List.of(
              new ExpressionFeature(
                  "ratio", ValueType.DOUBLE, "request.amount / user_stats.amount_avg"),
              new ExpressionFeature(
                  "per_txn", ValueType.INT64, "request.quantity / user_stats.txn_count"),
              new ExpressionFeature(
                  "rest", ValueType.INT64, "request.quantity % user_stats.txn_count"),
              new ExpressionFeature(
                  "scaled", ValueType.INT64, "request.quantity * user_stats.txn_count"),
              new ExpressionFeature(
                  "foreign", ValueType.BOOL, "request.country != user_profile.home_country"),
              new ExpressionFeature(
                  "night", ValueType.BOOL, "getHours(request_time) < 6 && request.amount > 0.0"),
              new ExpressionFeature(
                  "label",
                  ValueType.STRING,
                  "request.country + ':' + string(user_profile.age + 1)"),
              new ExpressionFeature("small_age", ValueType.INT32, "user_profile.age * 1000000")),
          "");
  static final Definitions DEFS = OnDemandFixtures.defs(CHECKS);
  static final List<String> FEATURES =
      CHECKS.features().stream().map(f -> "checks:" + f.name()).toList();

  static Path dir;
  static DuckDbOfflineStore offline;
  static final AtomicLong nextUser = new AtomicLong(1);

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("kairos-ondemand-consistency");
    offline = DuckDbOfflineStore.open(dir.resolve("o.duckdb"), 1, "");
    offline.ensureTable(STATS);
    offline.ensureTable(PROFILES);
  }

  @AfterContainer
  static void close() throws IOException {
    offline.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One entity row: what is stored for its user (null: nothing) and what the request carries. */
  record Case(
      Double amountAvg,
      Long txnCount,
      boolean hasStats,
      String homeCountry,
      Integer age,
      boolean hasProfile,
      Double amount,
      String country,
      Long quantity,
      Duration after) {}

  @Provide
  Arbitrary<List<Case>> cases() {
    Arbitrary<Double> doubles =
        Arbitraries.oneOf(
            Arbitraries.of(0.0, -0.0, 1.0, 1e308, -1e308, 3.5),
            Arbitraries.doubles().between(-1e6, 1e6));
    Arbitrary<Long> longs =
        Arbitraries.oneOf(
            Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 3_000_000_000L),
            Arbitraries.longs().between(-1000, 1000));
    Arbitrary<String> countries = Arbitraries.of("FR", "DE", "ES");
    Arbitrary<Case> one =
        Combinators.combine(
                Combinators.combine(
                        doubles.injectNull(0.2),
                        longs.injectNull(0.2),
                        Arbitraries.of(true, true, true, false),
                        countries.injectNull(0.2),
                        Arbitraries.integers().between(-3000, 3000).injectNull(0.2),
                        Arbitraries.of(true, true, true, false))
                    .as(Stored::new),
                doubles.injectNull(0.2),
                countries.injectNull(0.1),
                longs.injectNull(0.2),
                Arbitraries.longs().between(0, 23 * 60).map(Duration::ofMinutes))
            .as(
                (s, amount, country, quantity, after) ->
                    new Case(
                        s.amountAvg,
                        s.txnCount,
                        s.hasStats,
                        s.homeCountry,
                        s.age,
                        s.hasProfile,
                        amount,
                        country,
                        quantity,
                        after));
    return one.list().ofMinSize(1).ofMaxSize(12);
  }

  record Stored(
      Double amountAvg,
      Long txnCount,
      boolean hasStats,
      String homeCountry,
      Integer age,
      boolean hasProfile) {}

  @Property(tries = 60)
  void aRequestTimeFeature_isTheSameOfflineAndOnline(@ForAll("cases") List<Case> cases)
      throws IOException {
    long first = nextUser.getAndAdd(cases.size());
    InMemoryOnlineStore online = new InMemoryOnlineStore();
    List<Object[]> stats = new ArrayList<>();
    List<Object[]> profiles = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      long user = first + i;
      if (c.hasStats()) {
        stats.add(new Object[] {user, STORED, c.amountAvg(), c.txnCount()});
        online.multiPut(
            USER_STATS,
            List.of(
                new OnlineRow(
                    EntityKey.of(user), new Object[] {c.amountAvg(), c.txnCount()}, STORED, null)));
      }
      if (c.hasProfile()) {
        profiles.add(new Object[] {user, STORED, c.homeCountry(), c.age()});
        online.multiPut(
            USER_PROFILE,
            List.of(
                new OnlineRow(
                    EntityKey.of(user), new Object[] {c.homeCountry(), c.age()}, STORED, null)));
      }
    }
    offline.append(STATS, stats.iterator());
    offline.append(PROFILES, profiles.iterator());

    List<List<String>> training = trainingSet(cases, first);
    for (int i = 0; i < cases.size(); i++) {
      assertThat(served(online, cases.get(i), first + i))
          .as("entity row %s: %s", i, cases.get(i))
          .isEqualTo(training.get(i));
    }
  }

  private List<List<String>> trainingSet(List<Case> cases, long first) throws IOException {
    StringBuilder csv = new StringBuilder("event_timestamp,user_id,amount,country,quantity\n");
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      csv.append(STORED.plus(c.after()))
          .append(',')
          .append(first + i)
          .append(',')
          .append(text(c.amount()))
          .append(',')
          .append(text(c.country()))
          .append(',')
          .append(text(c.quantity()))
          .append('\n');
    }
    Path entities = Files.writeString(dir.resolve("entities-" + first + ".csv"), csv);
    Path out = dir.resolve("train-" + first + ".csv");
    Clock clock = Clock.fixed(STORED.plus(Duration.ofDays(2)), ZoneOffset.UTC);
    new HistoricalRetrieval(offline, DEFS, clock)
        .run(
            new HistoricalRequest(
                entities,
                FEATURES.stream().map(FeatureRef::parse).toList(),
                null,
                out,
                false,
                false));
    List<List<String>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out).subList(1, cases.size() + 1)) {
      List<String> cells = Arrays.asList(line.split(",", -1));
      rows.add(cells.subList(5, cells.size()));
    }
    return rows;
  }

  private static List<String> served(InMemoryOnlineStore online, Case c, long user) {
    Map<String, List<Object>> request = new LinkedHashMap<>();
    request.put("amount", Arrays.asList(c.amount()));
    request.put("country", Arrays.asList(c.country()));
    request.put("quantity", Arrays.asList(c.quantity()));
    OnlineQuery q =
        new OnlineQuery(
            FEATURES.stream().map(FeatureRef::parse).toList(),
            null,
            Map.of("user_id", List.of(user)),
            false,
            request);
    Clock clock = Clock.fixed(STORED.plus(c.after()), ZoneId.of("UTC"));
    OnlineResult r = new OnlineServingEngine(() -> DEFS, online, clock, 10).get(q);
    List<String> out = new ArrayList<>();
    for (int col = 1; col < r.columns().size(); col++) {
      out.add(text(r.columns().get(col).values()[0]));
    }
    return out;
  }

  private static String text(Object v) {
    return v == null ? "" : ValueText.format(v);
  }
}
