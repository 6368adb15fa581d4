package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.kafka.broker.EmbeddedKafka;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kairos replay through the packaged CLI, against a broker in the test's process. */
class ReplayCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path repo;
  static EmbeddedKafka kafka;
  static List<String> header;
  static List<String> rows;

  @BeforeAll
  static void startKafkaAndGenerateAShuffledFile() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "apply");
    ok(repo, "generate", "--users", "30", "--days", "3", "--seed", "11", "--output", "tx.csv");
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv"));
    header = List.of(lines.get(0).split(","));
    rows = new ArrayList<>(lines.subList(1, lines.size()));
    // Out of event-time order, so the replay has to sort.
    Collections.shuffle(rows, new Random(3));
    List<String> shuffled = new ArrayList<>(List.of(lines.get(0)));
    shuffled.addAll(rows);
    Files.write(repo.resolve("shuffled.csv"), shuffled);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void replay_landsEveryRow_inEventTimeOrderPerPartition_keyedByUser() throws Exception {
    KairosProcess.Result r =
        ok(
            repo,
            "replay",
            "shuffled.csv",
            "--topic",
            "tx-all",
            "--source",
            "transactions",
            "--partitions",
            "3",
            "--bootstrap-servers",
            kafka.bootstrapServers());

    assertThat(r.lines())
        .hasSize(2)
        .first()
        .isEqualTo("Created topic 'tx-all' with 3 partitions on " + kafka.bootstrapServers() + ".");
    assertThat(r.lines().get(1))
        .matches(
            "Sent "
                + String.format(java.util.Locale.ROOT, "%,d", rows.size())
                + " events from shuffled.csv to topic 'tx-all' \\(3 partitions, key user_id\\) in"
                + " \\d+\\.\\d\\d s \\([\\d,]+ events/s\\)\\.");
    List<ConsumerRecord<String, String>> records = consume("tx-all", rows.size());
    assertThat(records).hasSize(rows.size());
    Map<Integer, Instant> lastPerPartition = new HashMap<>();
    List<String> landed = new ArrayList<>();
    for (ConsumerRecord<String, String> rec : records) {
      JsonNode event = JSON.readTree(rec.value());
      assertThat(rec.key()).isEqualTo(event.get("user_id").asText());
      Instant at = Instant.parse(event.get("event_timestamp").asText());
      Instant last = lastPerPartition.put(rec.partition(), at);
      assertThat(last == null || !at.isBefore(last))
          .as("partition %d: %s after %s", rec.partition(), at, last)
          .isTrue();
      landed.add(csvLine(event));
    }
    assertThat(landed).containsExactlyInAnyOrderElementsOf(rows);
    assertThat(lastPerPartition).hasSize(3);
  }

  @Test
  void replay_withRate_pacesTheEvents() throws Exception {
    List<String> lines = Files.readAllLines(repo.resolve("tx.csv")).subList(0, 41);
    Files.write(repo.resolve("forty.csv"), lines);

    KairosProcess.Result r =
        ok(
            repo,
            "replay",
            "forty.csv",
            "--topic",
            "tx-paced",
            "--source",
            "transactions",
            "--rate",
            "20",
            "--bootstrap-servers",
            kafka.bootstrapServers());

    // 40 events at 20/s: the last one is due 1.95 s after the first.
    Matcher m = Pattern.compile("Sent 40 events .* in (\\d+\\.\\d\\d) s").matcher(r.stdout());
    assertThat(m.find()).as(r.toString()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(1.95);
    assertThat(consume("tx-paced", 40)).hasSize(40);
  }

  @Test
  void replay_toAnUnreachableBroker_exitsThree_namingTheServers() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();

    KairosProcess.Result r =
        expect(
            3,
            repo,
            "replay",
            "tx.csv",
            "--topic",
            "tx",
            "--source",
            "transactions",
            "--bootstrap-servers",
            "127.0.0.1:" + port);

    assertThat(r.stderr())
        .isEqualTo(
            "error: no Kafka broker answered at 127.0.0.1:"
                + port
                + " within 5 s: is a broker running? start one with `kairos kafka`, or point"
                + " --bootstrap-servers (or KAIROS_KAFKA_BOOTSTRAP) at yours\n");
    assertNoStackTrace(r);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void replay_withRateAndSpeedup_exitsTwo() throws Exception {
    KairosProcess.Result r =
        expect(
            2,
            repo,
            "replay",
            "tx.csv",
            "--topic",
            "tx",
            "--source",
            "transactions",
            "--rate",
            "100",
            "--speedup",
            "60");

    assertThat(r.stderr())
        .isEqualTo(
            "error: --rate and --speedup cannot be used together: --rate sends a fixed number of"
                + " events per second, --speedup keeps the gaps between event times; choose one\n");
    assertNoStackTrace(r);
  }

  /** The event as the CSV line the generator wrote (values keep their text form). */
  private static String csvLine(JsonNode event) {
    List<String> values = new ArrayList<>();
    for (String column : header) {
      JsonNode v = event.get(column);
      String text = v.isNull() ? "" : v.asText();
      values.add(
          column.equals("amount")
              ? String.format(java.util.Locale.ROOT, "%.2f", v.asDouble())
              : text);
    }
    return String.join(",", values);
  }

  static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // Anything beyond the expected count would show up here.
      consumer.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }
}
