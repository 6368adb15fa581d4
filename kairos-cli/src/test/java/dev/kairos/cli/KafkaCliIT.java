package dev.kairos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

/** kairos kafka as a separate process: it serves clients and stops cleanly on SIGTERM. */
class KafkaCliIT {
  @TempDir Path dir;

  @Test
  void kafka_servesAProducedRecord_andStopsOnSigterm_withExitZero() throws Exception {
    KairosProcess.Running kafka =
        KairosProcess.start(
            dir,
            Map.of(),
            "kafka",
            "--port",
            "0",
            "--dir",
            "broker",
            "--topic",
            "events",
            "--partitions",
            "2");
    String servers = awaitStarted(kafka);
    assertThat(kafka.stdoutSoFar())
        .contains("Created topic 'events' with 2 partitions.")
        .contains("kafka.bootstrap_servers: " + servers + " in kairos.yaml")
        .contains("export KAIROS_KAFKA_BOOTSTRAP=" + servers);

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("events", "1001", "{\"amount\":12.5}")).get();
    }
    assertThat(consumeOne(servers, "events")).isEqualTo("1001={\"amount\":12.5}");

    kafka.process().destroy(); // SIGTERM
    KairosProcess.Result r = kafka.await(60);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.lines()).endsWith("Stopping the Kafka broker...", "Stopped.");
    assertThat(r.stderr()).isEmpty();
    assertThat(dir.resolve("broker/logs/meta.properties")).exists();
  }

  private static String awaitStarted(KairosProcess.Running kafka) throws InterruptedException {
    Pattern started = Pattern.compile("Kafka broker on (127\\.0\\.0\\.1:\\d+) ");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      String out = kafka.stdoutSoFar();
      Matcher m = started.matcher(out);
      if (m.find() && out.contains("Ctrl-C stops it.")) {
        return m.group(1);
      }
      assertThat(kafka.process().isAlive()).as("kairos kafka is running\n%s", out).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("kairos kafka did not start in 90 s:\n" + kafka.stdoutSoFar());
  }

  private static String consumeOne(String servers, String topic) {
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r.key() + "=" + r.value());
        }
      }
    }
    assertThat(out).hasSize(1);
    return out.get(0);
  }
}
