package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Aggregation;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.Source;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.StreamedSeq;
import dev.kairos.stream.StreamCase.Event;
import dev.kairos.testkit.AggregationOracle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The aggregation oracle fed through Kafka: generated events, shuffled within the allowed lateness
 * and produced keyed by user to a 3-partition topic, plus events too late for the online windows
 * and bad records, are streamed by a real {@link StreamProcessor}. Afterwards every served value of
 * every user and merchant equals the oracle over the events that were not late, and the offline
 * table holds every valid event exactly once, with the sequence of its partition and offset.
 */
class StreamOracleIT {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static TestBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  /** A produced, valid event with the sequence its partition and offset give it. */
  record Sent(Event event, long seq, boolean late) {}

  @ParameterizedTest
  @EnumSource(StreamRepo.Stores.class)
  void streamedAggregations_equalTheOracle_andOfflineHoldsEveryEventOnce(StreamRepo.Stores stores)
      throws Exception {
    String topic = "txn-" + TOPICS.incrementAndGet();
    broker.createTopic(topic, 3);
    try (StreamRepo repo =
        new StreamRepo(
            dir,
            stores,
            StreamCase.definitions("txn_" + TOPICS.get(), topic, "1h"),
            broker.bootstrapServers(),
            NOW)) {
      List<Event> events =
          StreamCase.generate(42 + TOPICS.get(), 40, 2500, NOW, Duration.ofMinutes(40));
      List<Sent> sent = new ArrayList<>();
      int bad = 0;
      long began = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
        List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
          Event e = events.get(i);
          acks.add(p.send(new ProducerRecord<>(topic, e.key(), e.json())));
          if (i % 500 == 250) {
            p.send(
                new ProducerRecord<>(topic, e.key(), "{not json".getBytes(StandardCharsets.UTF_8)));
            bad++;
          }
        }
        for (int i = 0; i < events.size(); i++) {
          RecordMetadata m = acks.get(i).get();
          sent.add(new Sent(events.get(i), StreamedSeq.of(m.partition(), m.offset()), false));
        }
        // Too late for the online windows (a day behind each partition's latest event): written
        // offline only.
        for (int u = 1; u <= 5; u++) {
          Event late =
              new Event(
                  u,
                  "late",
                  1.0,
                  1,
                  NOW.minus(Duration.ofHours(36)),
                  NOW.minus(Duration.ofHours(36)),
                  0);
          RecordMetadata m = p.send(new ProducerRecord<>(topic, late.key(), late.json())).get();
          sent.add(new Sent(late, StreamedSeq.of(m.partition(), m.offset()), true));
        }
      }
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs, new StreamLauncher.Request(null, List.of(), null, null, null), registry);
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      long total = sent.size() + bad;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (counted(run.metrics()) < total && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      System.out.printf(
          "%s: %d records produced and streamed in %d ms%n",
          stores, total, (System.nanoTime() - began) / 1_000_000);
      run.processor().stop();
      assertThat(run.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();
      t.join(10_000);
      assertThat(run.metrics().appliedCount()).isEqualTo(sent.size() - 5);
      assertThat(run.metrics().lateCount()).isEqualTo(5);
      assertThat(run.metrics().deadLetteredCount(DeadLetterReason.UNPARSEABLE)).isEqualTo(bad);

      Definitions d = repo.fs.definitions();
      List<Sent> onTime =
          sent.stream().filter(s -> !s.late()).sorted(Comparator.comparingLong(Sent::seq)).toList();
      checkUsers(repo, d, onTime);
      checkMerchants(repo, d, onTime);
      checkLatest(repo, d, onTime);
      checkOffline(repo, d, sent);
    }
  }

  private static double counted(StreamMetrics m) {
    double n = m.appliedCount() + m.lateCount();
    for (DeadLetterReason r : DeadLetterReason.values()) {
      n += m.deadLetteredCount(r);
    }
    return n;
  }

  private static void checkUsers(StreamRepo repo, Definitions d, List<Sent> events) {
    FeatureView view = d.requireView("user_windows");
    List<Object> users = new ArrayList<>();
    for (long u = 1; u <= 41; u++) { // 41 was never seen
      users.add(u);
    }
    OnlineResult r = read(repo, view, "user_id", users);
    for (Aggregation a : view.aggregations()) {
      OnlineResult.Column col = r.columns().get(r.names().indexOf(a.name()));
      for (int row = 0; row < users.size(); row++) {
        long user = (long) users.get(row);
        Object expected =
            AggregationOracle.value(
                a,
                columnType(d, a),
                oracleEvents(events, a, s -> List.of(s.event().user())),
                List.of(user),
                NOW,
                false);
        assertServed(col, row, expected, a, "user " + user, user == 41);
      }
    }
  }

  private static void checkMerchants(StreamRepo repo, Definitions d, List<Sent> events) {
    FeatureView view = d.requireView("merchant_windows");
    List<Object> merchants = new ArrayList<>();
    for (int m = 0; m < 12; m++) {
      merchants.add("m" + m);
    }
    OnlineResult r = read(repo, view, "merchant_id", merchants);
    for (Aggregation a : view.aggregations()) {
      OnlineResult.Column col = r.columns().get(r.names().indexOf(a.name()));
      for (int row = 0; row < merchants.size(); row++) {
        Object m = merchants.get(row);
        Object expected =
            AggregationOracle.value(
                a,
                columnType(d, a),
                oracleEvents(events, a, s -> List.of(s.event().merchant())),
                List.of(m),
                NOW,
                false);
        assertServed(col, row, expected, a, "merchant " + m, false);
      }
    }
  }

  private static void assertServed(
      OnlineResult.Column col, int row, Object expected, Aggregation a, String who, boolean never) {
    String what = a.name() + " of " + who + ": expected " + expected + ", got " + col.values()[row];
    assertThat(AggregationOracle.matches(expected, col.values()[row], a.type())).as(what).isTrue();
    FieldStatus status =
        never
            ? FieldStatus.NOT_FOUND
            : expected == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
    assertThat(col.statuses()[row]).as(what).isEqualTo(status);
  }

  private static void checkLatest(StreamRepo repo, Definitions d, List<Sent> events) {
    FeatureView view = d.requireView("user_latest");
    Map<Long, Sent> latest = new HashMap<>();
    for (Sent s : events) {
      latest.merge(
          s.event().user(),
          s,
          (a, b) -> {
            Comparator<Sent> order =
                Comparator.<Sent, Instant>comparing(x -> x.event().ts())
                    .thenComparing(x -> x.event().created())
                    .thenComparingLong(Sent::seq);
            return order.compare(a, b) >= 0 ? a : b;
          });
    }
    List<Object> users = new ArrayList<>(latest.keySet());
    OnlineResult r = read(repo, view, "user_id", users);
    OnlineResult.Column merchant = r.columns().get(r.names().indexOf("merchant_id"));
    OnlineResult.Column amount = r.columns().get(r.names().indexOf("amount"));
    for (int row = 0; row < users.size(); row++) {
      Event e = latest.get((Long) users.get(row)).event();
      assertThat(merchant.values()[row]).as("merchant of user " + e.user()).isEqualTo(e.merchant());
      assertThat(amount.values()[row]).as("amount of user " + e.user()).isEqualTo(e.amount());
    }
  }

  private static void checkOffline(StreamRepo repo, Definitions d, List<Sent> sent) {
    FeatureView view = d.requireView("user_windows");
    Source source = d.sourceOf(view);
    List<String> columns = List.of("merchant_id", "amount", "qty");
    TreeSet<String> stored = new TreeSet<>();
    List<String> all = new ArrayList<>();
    repo.fs
        .offlineStore()
        .events(
            new EventQuery(
                view, source, List.of("user_id"), columns, Instant.EPOCH, NOW.plusSeconds(1)),
            1000,
            batch -> {
              for (EventRow e : batch) {
                String line =
                    e.key().values().get(0)
                        + "|"
                        + e.eventTs()
                        + "|"
                        + e.createdTs()
                        + "|"
                        + e.seq()
                        + "|"
                        + java.util.Arrays.toString(e.values());
                stored.add(line);
                all.add(line);
              }
            });
    TreeSet<String> expected = new TreeSet<>();
    for (Sent s : sent) {
      Event e = s.event();
      expected.add(
          e.user()
              + "|"
              + e.ts()
              + "|"
              + e.created()
              + "|"
              + s.seq()
              + "|"
              + java.util.Arrays.toString(new Object[] {e.merchant(), e.amount(), e.qty()}));
    }
    assertThat(all).as("no event stored twice").hasSize(stored.size());
    assertThat(stored).isEqualTo(expected);
    assertThat(repo.fs.offlineStore().count(source)).isEqualTo(sent.size());
  }

  private static OnlineResult read(
      StreamRepo repo, FeatureView view, String key, List<Object> ids) {
    List<FeatureRef> refs = new ArrayList<>();
    view.aggregations().forEach(a -> refs.add(new FeatureRef(view.name(), a.name())));
    view.features().forEach(f -> refs.add(new FeatureRef(view.name(), f.name())));
    Map<String, List<Object>> entities = new LinkedHashMap<>();
    entities.put(key, ids);
    return repo.fs.onlineReader().get(new OnlineQuery(refs, null, entities, false));
  }

  private static dev.kairos.api.ValueType columnType(Definitions d, Aggregation a) {
    return d.source("txn").orElseThrow().field(a.column()).orElseThrow().type();
  }

  private static List<AggregationOracle.Event> oracleEvents(
      List<Sent> events, Aggregation a, java.util.function.Function<Sent, List<Object>> keys) {
    List<AggregationOracle.Event> out = new ArrayList<>();
    for (Sent s : events) {
      Event e = s.event();
      Object v =
          switch (a.column()) {
            case "amount" -> e.amount();
            case "merchant_id" -> e.merchant();
            case "qty" -> e.qty();
            case "user_id" -> e.user();
            case "event_timestamp" -> e.ts();
            default -> throw new IllegalArgumentException(a.column());
          };
      out.add(new AggregationOracle.Event(keys.apply(s), e.ts(), e.created(), v));
    }
    return out;
  }

  static boolean same(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
