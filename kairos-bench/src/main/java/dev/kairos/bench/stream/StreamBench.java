package dev.kairos.bench.stream;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.Source;
import dev.kairos.bench.BenchSupport;
import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.kafka.broker.EmbeddedKafka;
import dev.kairos.stream.EventDecoder;
import dev.kairos.stream.EventJson;
import dev.kairos.stream.StreamLauncher;
import dev.kairos.stream.StreamMetrics;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streaming ingestion (issue 16) on a real single-node KRaft broker on loopback, with the fraud
 * template's views (latest values and 30 windowed aggregations over users, devices, merchants):
 *
 * <ol>
 *   <li><b>Throughput</b>: generated transactions preloaded on a 4-partition topic are consumed by
 *       {@code kairos stream} (validation, offline append to DuckDB, online state in RocksDB or
 *       Redis, commit) and by a bare consumer loop that only deserialises the same events with the
 *       same decoder, alternated; events/s of each and their ratio.
 *   <li><b>Freshness</b>: while a paced producer offers a fixed rate of events stamped with the
 *       time they are sent, the time from produce to servable (as the stream records it, after its
 *       commit), and read-through probes: an event of a fresh user is produced and the serving
 *       engine is polled until that user's 1-minute count shows it.
 * </ol>
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.kairos.bench.stream.StreamBench [--events 200000]
 *   [--online rocksdb,redis] [--rounds 2] [--rates 10000] [--seconds 20] [--work /tmp/kairos-bench-stream]
 * </pre>
 */
public final class StreamBench {
  private final Map<String, String> args;
  private final Path work;
  private final EmbeddedKafka kafka;
  private final Source source;
  private final List<byte[][]> events = new ArrayList<>();
  private int topics;

  private StreamBench(Map<String, String> args) throws Exception {
    this.args = args;
    this.work = Files.createDirectories(Path.of(args.get("work")));
    this.kafka = EmbeddedKafka.start(work.resolve("kafka-" + System.nanoTime()), 0);
    this.source =
        new Source(
            "transactions",
            "transactions",
            FraudGenerator.SCHEMA,
            "event_timestamp",
            "created_timestamp",
            "",
            null);
  }

  public static void main(String[] argv) throws Exception {
    StreamBench b =
        new StreamBench(
            BenchSupport.args(
                argv,
                Map.of(
                    "events", "200000",
                    "online", "rocksdb,redis",
                    "rounds", "2",
                    "rates", "10000",
                    "seconds", "20",
                    "work", "/tmp/kairos-bench-stream")));
    try {
      b.run();
    } finally {
      b.kafka.close();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    int n = Integer.parseInt(args.get("events"));
    FraudGenerator gen = new FraudGenerator(new GeneratorConfig(Math.max(100, n / 60), 30, 7));
    gen.generate(
        row -> {
          if (events.size() < n) {
            events.add(
                new byte[][] {
                  String.valueOf(row[1]).getBytes(StandardCharsets.UTF_8),
                  EventJson.encode(source, row)
                });
          }
        });
    System.out.printf(
        Locale.ROOT,
        "%s; %d events, %s%n",
        BenchSupport.now(),
        events.size(),
        BenchSupport.machine());
    System.out.println(
        "\n| online | round | bare consumer events/s | kairos stream events/s | ratio |");
    System.out.println("|---|---|---|---|---|");
    List<String> stores = Arrays.asList(args.get("online").split(","));
    int rounds = Integer.parseInt(args.get("rounds"));
    // One topic for every round: each Kairos run reads it from the start with a group of its own,
    // and the bare consumer seeks to its start.
    String topic = preload();
    for (int r = 1; r <= rounds; r++) {
      for (String online : stores) {
        double bare = bare(topic);
        double streamed = kairos(topic, online);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %,.0f | %,.0f | %.2f |%n",
            online,
            r,
            bare,
            streamed,
            streamed / bare);
      }
    }
    System.out.println(
        "\n| online | offered events/s | sent | produce→servable p50 / p99 / max ms | event time→servable p99 ms | read-through probes p50 / p99 ms (n) |");
    System.out.println("|---|---|---|---|---|---|");
    String fresh = "fresh-" + (++topics);
    EmbeddedKafka.createTopic(kafka.bootstrapServers(), fresh, 4);
    for (String rate : args.get("rates").split(",")) {
      for (String online : stores) {
        freshness(fresh, online, Integer.parseInt(rate), Integer.parseInt(args.get("seconds")));
      }
    }
  }

  private String preload() throws Exception {
    String topic = "bench-" + (++topics);
    EmbeddedKafka.createTopic(kafka.bootstrapServers(), topic, 4);
    try (KafkaProducer<byte[], byte[]> p = producer()) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>(events.size());
      for (byte[][] e : events) {
        acks.add(p.send(new ProducerRecord<>(topic, e[0], e[1])));
      }
      p.flush();
      for (var a : acks) {
        a.get(); // every event must be on the topic before the consumers start
      }
    }
    return topic;
  }

  /** A consumer loop that only deserialises: events/s from its first record to its last. */
  private double bare(String topic) {
    EventDecoder decoder = new EventDecoder(source);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        parts.add(new TopicPartition(topic, p));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      long seen = 0;
      long first = 0;
      int bad = 0;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (seen < events.size()) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException("bare consumer read " + seen + " of " + events.size());
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(java.time.Duration.ofMillis(500))) {
          if (seen++ == 0) {
            first = System.nanoTime();
          }
          if (!(decoder.decode(r.value()) instanceof Object[])) {
            bad++;
          }
        }
      }
      if (bad > 0) {
        throw new IllegalStateException(bad + " events did not decode");
      }
      return (events.size() - 1) / ((System.nanoTime() - first) / 1e9);
    }
  }

  /** {@code kairos stream} into a fresh repository: events/s from its first event to its last. */
  private double kairos(String topic, String online) throws Exception {
    Path dir = Files.createTempDirectory(work, "repo-");
    try (StreamBenchRepo repo = new StreamBenchRepo(dir, online, kafka.bootstrapServers(), topic)) {
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs,
              new StreamLauncher.Request(null, List.of(), null, null, null),
              new SimpleMeterRegistry());
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      StreamMetrics m = run.metrics();
      while (m.appliedCount() == 0) {
        LockSupport.parkNanos(1_000_000);
      }
      long first = System.nanoTime();
      double atFirst = m.appliedCount();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (m.appliedCount() + m.lateCount() < events.size()) {
        if (System.nanoTime() > giveUp) {
          throw new IllegalStateException(
              "the stream applied " + m.appliedCount() + " of " + events.size() + " events");
        }
        LockSupport.parkNanos(1_000_000);
      }
      double secs = (System.nanoTime() - first) / 1e9;
      double rate = (events.size() - atFirst) / secs;
      System.out.printf(
          Locale.ROOT,
          "  (%s: %,.0f events after the first batch in %.2f s)%n",
          online,
          events.size() - atFirst,
          secs);
      run.processor().stop();
      run.processor().awaitStopped(java.time.Duration.ofSeconds(30));
      return rate;
    }
  }

  /** Paced load of fresh events with read-through probes, then the percentiles. */
  private void freshness(String topic, String online, int rate, int seconds) throws Exception {
    Path dir = Files.createTempDirectory(work, "repo-");
    // A new group that starts at the end of the topic: earlier runs' events are not re-read.
    try (StreamBenchRepo repo =
            new StreamBenchRepo(dir, online, kafka.bootstrapServers(), topic, "latest");
        KafkaProducer<byte[], byte[]> p = producer()) {
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              repo.fs,
              new StreamLauncher.Request(null, List.of(), null, null, null),
              new SimpleMeterRegistry());
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      // Events first, until one is applied: the group has joined before the clock starts.
      int warm = 0;
      while (run.metrics().appliedCount() < 1) {
        Object[] w = row(0, 1_000_000_000L);
        p.send(new ProducerRecord<>(topic, key(w), EventJson.encode(source, w))).get();
        warm++;
        LockSupport.parkNanos(200_000_000);
      }

      List<Long> probes = new ArrayList<>();
      Thread prober = new Thread(() -> probe(repo, p, topic, seconds, probes), "probe");
      prober.start();
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long sent = 0;
      long total = (long) rate * seconds;
      for (int i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Object[] r = row(i + 1, (long) (i % 50_000));
        p.send(new ProducerRecord<>(topic, key(r), EventJson.encode(source, r)));
        sent++;
      }
      double achieved = sent / ((System.nanoTime() - start) / 1e9);
      prober.join();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (run.metrics().appliedCount() < sent + 1 + probes.size()
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(5_000_000);
      }
      var produced = run.metrics().produceToServable().takeSnapshot();
      var fresh = run.metrics().freshness().takeSnapshot();
      run.processor().stop();
      run.processor().awaitStopped(java.time.Duration.ofSeconds(30));
      long[] pr = probes.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d (achieved %,.0f) | %,d | %.1f / %.1f / %.1f | %.1f | %.1f / %.1f (%d) |%n",
          online,
          rate,
          achieved,
          sent,
          pct(produced.percentileValues(), 0.5),
          pct(produced.percentileValues(), 0.99),
          produced.max(TimeUnit.MILLISECONDS),
          pct(fresh.percentileValues(), 0.99),
          pr.length == 0 ? 0 : pr[pr.length / 2] / 1e6,
          pr.length == 0 ? 0 : pr[Math.min(pr.length - 1, (int) (pr.length * 0.99))] / 1e6,
          pr.length);
    }
  }

  /** Every 100 ms, an event of a never-seen user; polls the serving engine until it shows. */
  private void probe(
      StreamBenchRepo repo,
      KafkaProducer<byte[], byte[]> p,
      String topic,
      int seconds,
      List<Long> out) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long user = 5_000_000_000L;
    List<FeatureRef> refs = List.of(new FeatureRef("user_txn_windows", "amount_count_1m"));
    while (System.nanoTime() < end) {
      user++;
      Object[] r = row(0, user);
      long t0 = System.nanoTime();
      p.send(new ProducerRecord<>(topic, key(r), EventJson.encode(source, r)));
      OnlineQuery q = new OnlineQuery(refs, null, Map.of("user_id", List.of((Object) user)), false);
      long giveUp = t0 + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < giveUp) {
        OnlineResult res = repo.fs.onlineReader().get(q);
        Object v = res.columns().get(1).values()[0];
        if (v != null && ((Long) v) >= 1) {
          out.add(System.nanoTime() - t0);
          break;
        }
        LockSupport.parkNanos(200_000);
      }
      LockSupport.parkNanos(100_000_000);
    }
  }

  /** A valid transaction of {@code user} happening now. */
  private static Object[] row(long i, long user) {
    Instant now = Instant.now();
    return new Object[] {
      "tx-live-" + i,
      user,
      10L + (i % 500),
      "grocery",
      12.5 + (i % 100),
      "EUR",
      "ES",
      "dev-" + (user % 10_000),
      now,
      now,
      0
    };
  }

  private static byte[] key(Object[] row) {
    return String.valueOf(row[1]).getBytes(StandardCharsets.UTF_8);
  }

  private static double pct(ValueAtPercentile[] values, double p) {
    for (ValueAtPercentile v : values) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            1,
            ProducerConfig.BATCH_SIZE_CONFIG,
            65536,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }
}
