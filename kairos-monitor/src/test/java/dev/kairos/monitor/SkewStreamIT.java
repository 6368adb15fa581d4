package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.core.io.ValueText;
import dev.kairos.kafka.broker.EmbeddedKafka;
import dev.kairos.stream.EventJson;
import dev.kairos.stream.StreamLauncher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference workload through Kafka instead of batch materialization: the generated transactions
 * are produced to the in-process broker and streamed into the online and offline stores; vectors
 * served from the streamed state recompute offline without a single mismatch.
 */
class SkewStreamIT {
  @TempDir Path dir;

  @Test
  void check_afterStreaming_findsNoMismatchOnAnyFeature() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        SkewRepo repo = new SkewRepo(dir.resolve("repo"), false, false)) {
      EmbeddedKafka.createTopic(kafka.bootstrapServers(), "transactions", 2);
      Source source = repo.fs.definitions().source("transactions").orElseThrow();
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
        for (String[] t : repo.transactions) {
          Object[] row = new Object[t.length];
          List<Field> fields = source.fields();
          for (int i = 0; i < fields.size(); i++) {
            row[i] = t[i].isEmpty() ? null : ValueText.parse(t[i], fields.get(i).type());
          }
          producer.send(
              new ProducerRecord<>(
                  "transactions",
                  t[1].getBytes(StandardCharsets.UTF_8),
                  EventJson.encode(source, row)));
        }
      }
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs,
              new StreamLauncher.Request(null, List.of(), kafka.bootstrapServers(), null, null),
              new SimpleMeterRegistry());
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (run.metrics().appliedCount() + run.metrics().lateCount() < repo.transactions.size()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      run.processor().stop();
      assertThat(run.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();
      t.join(10_000);
      assertThat(run.metrics().appliedCount()).isEqualTo(repo.transactions.size());

      SkewCheckContract.serveAndLog(repo);
      SkewReport r = SkewCheckContract.check(repo);

      assertThat(r.rows()).isEqualTo(SkewCheckContract.ROWS);
      assertThat(r.mismatches()).isZero();
      assertThat(r.late()).isZero();
      for (SkewReport.FeatureSkew s : r.features()) {
        assertThat(s.total()).as(s.feature()).isEqualTo(SkewCheckContract.ROWS);
        assertThat(s.mismatches()).as(s.feature()).isZero();
      }
      assertThat(SkewCheckContract.byName(r).get("user_last_transaction__amount").bothNull())
          .isZero();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }
}
