package dev.kairos.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
  @TempDir Path dir;

  @Test
  void start_producesAndConsumes_andKeepsRecordsAcrossARestartOnTheSameFolderAndPort()
      throws Exception {
    long t0 = System.nanoTime();
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      port = kafka.port();
      System.out.printf("EmbeddedKafka first start: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");

      assertThat(EmbeddedKafka.createTopic(kafka.bootstrapServers(), "events", 3)).isTrue();
      assertThat(EmbeddedKafka.createTopic(kafka.bootstrapServers(), "events", 3)).isFalse();
      try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
        producer.send(new ProducerRecord<>("events", "1001", "{\"amount\":12.5}")).get();
      }
      assertThat(consumeAll(kafka.bootstrapServers(), "events", 1))
          .containsExactly("1001={\"amount\":12.5}");
    }

    long t1 = System.nanoTime();
    // Consumers keep their bootstrap address across a broker restart, as in the stream tests.
    try (EmbeddedKafka again = EmbeddedKafka.start(dir, port)) {
      System.out.printf("EmbeddedKafka restart: %d ms%n", (System.nanoTime() - t1) / 1_000_000);
      assertThat(consumeAll(again.bootstrapServers(), "events", 1))
          .containsExactly("1001={\"amount\":12.5}");
    }
  }

  @Test
  void start_onATakenPort_failsNamingThePort() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("a"), 0)) {
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> EmbeddedKafka.start(dir.resolve("b"), kafka.port()).close()))
          .isInstanceOf(dev.kairos.api.KairosException.class)
          .hasMessage(
              "cannot start a Kafka broker: 127.0.0.1:"
                  + kafka.port()
                  + " is in use; stop what listens there or choose another port (0 = a free one)");
    }
  }

  private static KafkaProducer<String, String> producer(String servers) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  static List<String> consumeAll(String servers, String topic, int expected) {
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.key() + "=" + new String(r.value().getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }
}
