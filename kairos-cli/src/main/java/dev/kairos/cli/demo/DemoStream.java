package dev.kairos.cli.demo;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.Source;
import dev.kairos.cli.commands.StreamThread;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.ValueText;
import dev.kairos.kafka.broker.EmbeddedKafka;
import dev.kairos.stream.EventJson;
import dev.kairos.stream.StreamLauncher;
import dev.kairos.stream.StreamProcessor;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's streaming step: a single-node Kafka broker in the process, the stream consuming the
 * transactions topic into the same stores, and a burst of card-testing fraud for one user whose
 * velocity features change online while it happens, each with its measured freshness.
 */
final class DemoStream {
  static final List<String> FEATURES =
      List.of(
          "amount_count_10m",
          "amount_sum_1h",
          "merchant_id_count_distinct_1h",
          "country_count_distinct_1h");

  /** Card testing: tiny amounts at risky merchants abroad, then large ones. */
  private static final Object[][] BURST = {
    {0.99, 9001L, "gift_cards", "NG"},
    {1.00, 9002L, "online_retail", "NG"},
    {0.50, 9003L, "gift_cards", "RO"},
    {1.99, 9004L, "crypto", "RO"},
    {2.00, 9005L, "gift_cards", "NG"},
    {449.00, 9006L, "electronics", "NG"},
    {899.99, 9007L, "electronics", "RO"},
    {1250.00, 9008L, "jewelry", "NG"},
  };

  private final PrintStream out;
  private final FeatureStore fs;
  private final Path repo;

  DemoStream(PrintStream out, FeatureStore fs, Path repo) {
    this.out = out;
    this.fs = fs;
    this.repo = repo;
  }

  /** Runs the step; returns the summary line. */
  String run(long user) throws Exception {
    long began = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(repo.resolve("data/kafka"), 0)) {
      out.printf(
          Locale.ROOT,
          "  single-node Kafka broker on %s (kairos kafka), started in %.1f s%n",
          kafka.bootstrapServers(),
          (System.nanoTime() - began) / 1e9);
      EmbeddedKafka.createTopic(kafka.bootstrapServers(), "transactions", 4);
      CountDownLatch assigned = new CountDownLatch(1);
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              fs,
              new StreamLauncher.Request(
                  "transactions",
                  List.of(),
                  kafka.bootstrapServers(),
                  null,
                  new StreamProcessor.Options(2_000, Duration.ofMinutes(1), "kairos-demo", null)),
              new SimpleMeterRegistry());
      run.processor()
          .onLog(
              line -> {
                if (line.startsWith("assigned partitions")) {
                  assigned.countDown();
                }
              });
      StreamThread stream = StreamThread.start(run, () -> {});
      try {
        if (!assigned.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the stream did not join its consumer group in 60 s");
        }
        out.printf(
            "  the stream consumes topic 'transactions' into the online and offline stores"
                + " (kairos serve --stream)%n"
                + "  a burst of card testing for user %d: tiny amounts at risky merchants abroad,"
                + " then large ones%n",
            user);
        burst(kafka.bootstrapServers(), run.source(), user);
        var fresh = run.metrics().produceToServable().takeSnapshot();
        double p50 = pct(fresh.percentileValues(), 0.5);
        double p99 = pct(fresh.percentileValues(), 0.99);
        out.printf(
            Locale.ROOT,
            "  %d events applied; produce -> servable p50 %.0f ms, p99 %.0f ms; the same events are"
                + " now rows of the offline table, so training sees exactly what was served%n",
            (long) run.metrics().appliedCount(),
            p50,
            p99);
        return String.format(
            Locale.ROOT,
            "a fraud burst streamed through Kafka changed the user's velocity features online"
                + " within p99 %.0f ms",
            p99);
      } finally {
        stream.stop();
      }
    }
  }

  private void burst(String bootstrap, Source source, long user) throws Exception {
    List<FeatureRef> refs = new ArrayList<>();
    FEATURES.forEach(f -> refs.add(new FeatureRef("user_txn_windows", f)));
    OnlineQuery query =
        new OnlineQuery(refs, null, Map.of("user_id", List.of((Object) user)), false);
    out.println("  " + line(fs.onlineReader().get(query), "before"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
      for (int i = 0; i < BURST.length; i++) {
        long before = count(fs.onlineReader().get(query));
        Instant now = Instant.now();
        Object[] row = {
          "tx-demo-burst-" + i,
          user,
          BURST[i][1],
          BURST[i][2],
          BURST[i][0],
          "EUR",
          BURST[i][3],
          "dev-demo-burst",
          now,
          now,
          1
        };
        long t0 = System.nanoTime();
        producer.send(
            new ProducerRecord<>(
                "transactions",
                String.valueOf(user).getBytes(StandardCharsets.UTF_8),
                EventJson.encode(source, row)));
        OnlineResult r = fs.onlineReader().get(query);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
        // The window excludes its end: a read at the event's own microsecond would not count it.
        while (count(r) <= before && System.nanoTime() < deadline) {
          Thread.sleep(1);
          r = fs.onlineReader().get(query);
        }
        String ms = String.format(Locale.ROOT, "+%.0f ms", (System.nanoTime() - t0) / 1e6);
        out.println(
            "  "
                + line(
                    r,
                    String.format(
                        Locale.ROOT,
                        "%8.2f EUR %-13s %s %s",
                        (Double) BURST[i][0],
                        BURST[i][2],
                        BURST[i][3],
                        ms)));
        Thread.sleep(150);
      }
    }
  }

  private static long count(OnlineResult r) {
    Object v = r.columns().get(1).values()[0];
    return v == null ? 0 : (Long) v;
  }

  private static String line(OnlineResult r, String label) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-42s", label));
    for (int c = 1; c < r.columns().size(); c++) {
      s.append(' ')
          .append(r.names().get(c))
          .append('=')
          .append(ValueText.format(r.columns().get(c).values()[0]));
    }
    return s.toString();
  }

  private static double pct(ValueAtPercentile[] values, double p) {
    for (ValueAtPercentile v : values) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }
}
