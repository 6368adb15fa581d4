package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.kafka.broker.EmbeddedKafka;
import dev.kairos.stream.StreamCase.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops in the middle of a stream and comes back on the same port and folder: the stream
 * waits, resumes by itself, and every event is counted once, offline and online.
 */
class BrokerOutageIT {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @TempDir Path dir;

  @Test
  void brokerStopsAndReturns_theStreamResumesByItself_andCountsEveryEventOnce() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    int port = kafka.port();
    List<Event> events = StreamCase.generate(5, 30, 1200, NOW, Duration.ofMinutes(10));
    List<Event> first = events.subList(0, 600);
    List<Event> second = events.subList(600, events.size());
    EmbeddedKafka.createTopic(kafka.bootstrapServers(), "txn", 2);
    StreamRepo repo =
        new StreamRepo(
            dir.resolve("repo"),
            StreamRepo.Stores.EMBEDDED,
            StreamCase.definitions("txn", "txn", "1h"),
            kafka.bootstrapServers(),
            NOW);
    try {
      produce(kafka.bootstrapServers(), first);
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs,
              new StreamLauncher.Request(null, List.of(), null, null, null),
              new SimpleMeterRegistry());
      List<String> log = new ArrayList<>();
      run.processor().onLog(log::add);
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      awaitApplied(run, first.size());

      kafka.close();
      Thread.sleep(3_000);
      assertThat(t.isAlive()).as("the stream waits for the broker").isTrue();
      kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
      produce(kafka.bootstrapServers(), second);
      awaitApplied(run, events.size());
      run.processor().stop();
      assertThat(run.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();

      assertThat(run.metrics().appliedCount()).isEqualTo(events.size());
      assertThat(repo.fs.offlineStore().count(repo.fs.definitions().source("txn").orElseThrow()))
          .isEqualTo(events.size());
      Map<Long, Long> perUser = new HashMap<>();
      events.forEach(e -> perUser.merge(e.user(), 1L, Long::sum));
      List<Object> users = new ArrayList<>(perUser.keySet());
      OnlineResult r =
          repo.fs
              .onlineReader()
              .get(
                  new OnlineQuery(
                      List.of(new FeatureRef("user_windows", "amount_count_lifetime")),
                      null,
                      Map.of("user_id", users),
                      false));
      for (int i = 0; i < users.size(); i++) {
        assertThat(r.columns().get(1).values()[i])
            .as("lifetime count of user %s", users.get(i))
            .isEqualTo(perUser.get((Long) users.get(i)));
      }
    } finally {
      repo.close();
      kafka.close();
    }
  }

  private static void awaitApplied(StreamLauncher.Launched run, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (run.metrics().appliedCount() + run.metrics().lateCount() < n
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(run.metrics().appliedCount() + run.metrics().lateCount()).isEqualTo(n);
  }

  private static void produce(String servers, List<Event> events) throws Exception {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
      for (Event e : events) {
        p.send(new ProducerRecord<>("txn", e.key(), e.json()));
      }
      p.flush();
    }
  }
}
