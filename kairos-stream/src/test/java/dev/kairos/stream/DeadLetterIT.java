package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad event goes to the dead-letter topic with its reason, its original key and bytes
 * and where it came from; the stream goes on, and the good events around them are applied.
 */
class DeadLetterIT {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
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

  private static final String SUITE =
      """
      {"expectation_suite_name": "txn", "expectations": [
        {"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "merchant_id"}},
        {"expectation_type": "expect_column_values_to_be_between",
         "kwargs": {"column": "amount", "min_value": 0, "max_value": 100000}},
        {"expectation_type": "expect_column_values_to_be_unique", "kwargs": {"column": "merchant_id"}}
      ]}
      """;

  private static String event(String amount, String ts) {
    return "{\"user_id\":7,\"merchant_id\":\"m1\",\"amount\":"
        + amount
        + ",\"qty\":1,\"event_timestamp\":\""
        + ts
        + "\",\"created_timestamp\":\""
        + ts
        + "\"}";
  }

  @Test
  void everyKindOfBadEvent_isDeadLettered_withItsReason_andTheStreamGoesOn() throws Exception {
    String topic = "dlq-" + UUID.randomUUID().toString().substring(0, 8);
    broker.createTopic(topic, 1);
    String defs =
        StreamCase.definitions("txn_dlq", topic, "5m")
            .replace("    stream:", "    validation: suite.json\n    stream:");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("suite.json"), SUITE);
    List<String> values =
        List.of(
            event("10.0", "2026-12-04T10:00:00Z"),
            "{\"user_id\": 7, ",
            event("\"ten\"", "2026-12-04T10:01:00Z"),
            event("-5.0", "2026-12-04T10:02:00Z"),
            "{\"user_id\":7,\"amount\":1.0}",
            event("20.0", "2026-12-04T10:03:00Z"));
    try (StreamRepo repo =
            new StreamRepo(dir, StreamRepo.Stores.EMBEDDED, defs, broker.bootstrapServers(), NOW);
        KafkaProducer<byte[], byte[]> p = broker.producer()) {
      for (String v : values) {
        p.send(
                new ProducerRecord<>(
                    topic,
                    "7".getBytes(StandardCharsets.UTF_8),
                    v.getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs, new StreamLauncher.Request("txn", List.of(), null, null, null), registry);
      assertThat(run.uncheckedExpectations())
          .singleElement()
          .asString()
          .startsWith("expect_column_values_to_be_unique (column merchant_id)");
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (run.metrics().appliedCount() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      run.processor().stop();
      assertThat(run.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();

      assertThat(run.metrics().appliedCount()).isEqualTo(2);
      assertThat(run.metrics().deadLetteredCount(DeadLetterReason.UNPARSEABLE)).isEqualTo(1);
      assertThat(run.metrics().deadLetteredCount(DeadLetterReason.SCHEMA)).isEqualTo(2);
      assertThat(run.metrics().deadLetteredCount(DeadLetterReason.EXPECTATION)).isEqualTo(1);

      List<ConsumerRecord<byte[], byte[]>> dead = readAll(topic + ".dlq", 4);
      assertThat(dead).hasSize(4);
      List<String> reasons = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : dead) {
        long offset = Long.parseLong(header(r, "kairos.offset"));
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
            .isEqualTo(values.get((int) offset));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(header(r, "kairos.topic")).isEqualTo(topic);
        assertThat(header(r, "kairos.partition")).isEqualTo("0");
        assertThat(header(r, "kairos.source")).isEqualTo("txn");
        reasons.add(offset + " " + header(r, "kairos.reason") + ": " + header(r, "kairos.error"));
      }
      assertThat(reasons)
          .containsExactly(
              "1 unparseable: the value is not valid JSON: Unexpected end-of-input within/between Object entries",
              "2 schema: field 'amount' is DOUBLE but the event has the text \"ten\"",
              "3 expectation: expect_column_values_to_be_between: column amount = -5.0 is below min_value 0",
              "4 schema: field 'event_timestamp' (the event time) is missing or null");
      assertThat(repo.fs.offlineStore().count(repo.fs.definitions().source("txn").orElseThrow()))
          .isEqualTo(2);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
    return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    out.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(header(r, "kairos.offset"))));
    return out;
  }
}
