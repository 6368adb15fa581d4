package dev.kairos.cli.commands;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.StreamSettings;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.offline.SourceRows;
import dev.kairos.stream.EventJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos replay}: a file of source rows sent to Kafka in event-time order. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Sends the rows of a CSV or Parquet file to a Kafka topic as JSON events, in event-time order:"
          + " the load generator of the streaming demo and benchmark.",
      "The file is read with the source's schema (as 'kairos ingest' reads it) and sorted by the"
          + " source's event timestamp in memory, so it must fit in the heap. Each record's key is"
          + " the key column's value as text, its timestamp the time it was sent. A missing topic is"
          + " created with --partitions partitions. A paced replay (--rate, --speedup) reports its"
          + " progress every 10 s."
    })
public final class ReplayCommand implements Callable<Integer> {
  /** How often a paced replay reports its progress. */
  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  @Parameters(index = "0", paramLabel = "FILE", description = "CSV or Parquet file of the source.")
  Path file;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Kafka topic (default: the source's stream topic).")
  String topic;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description =
          "Source whose fields the file holds (default: the source whose stream is --topic, or"
              + " the only source with a stream).")
  String source;

  @Option(
      names = "--key",
      paramLabel = "COLUMN",
      description =
          "Column whose value keys the records (default: the source's stream key, else the first"
              + " join key of a feature view on the source).")
  String key;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "Send N events per second (default: as fast as possible).")
  Double rate;

  @Option(
      names = "--speedup",
      paramLabel = "X",
      description = "Keep the gaps between event times, X times shorter (1 = real time).")
  Double speedup;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      paramLabel = "N",
      description = "Partitions of the topic when it has to be created (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka servers (default: $"
              + KafkaTopics.ENV
              + ", else kafka.bootstrap_servers in kairos.yaml).")
  String bootstrapServers;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    Pacing pacing = Pacing.of(rate, speedup);
    if (partitions < 1) {
      throw KairosException.user("--partitions " + partitions + ": give 1 or more");
    }
    String servers;
    Source src;
    int keyColumn;
    List<Object[]> rows;
    KafkaTopics.Topic t;
    try (FeatureStore fs = Repos.open(repo)) {
      Definitions defs = fs.definitions();
      servers =
          KafkaTopics.bootstrapServers(
              bootstrapServers, System.getenv(), fs.config().kafka().bootstrapServers());
      src = source(defs);
      if (topic == null) {
        topic =
            src.streaming()
                .map(StreamSettings::topic)
                .orElseThrow(
                    () ->
                        KairosException.user(
                            "source '"
                                + src.name()
                                + "' has no stream: block naming its topic; give --topic"));
      }
      keyColumn = keyColumn(defs, src);
      if (!Files.isRegularFile(file)) {
        throw KairosException.user(file + ": no such file");
      }
      TabularReader.Format.of(file);
      // The broker is asked first: finding it down should not wait for a large file to be read.
      t = KafkaTopics.ensure(servers, topic, partitions);
      if (t.created()) {
        System.out.printf(
            Locale.ROOT,
            "Created topic '%s' with %d partitions on %s.%n",
            topic,
            t.partitions(),
            servers);
      }
      rows = readSorted(src, file.toAbsolutePath());
    }
    List<Event> events = encode(src, rows, keyColumn);
    long nanos = send(servers, topic, events, pacing);
    double secs = nanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "Sent %,d event%s from %s to topic '%s' (%d partitions, key %s) in %.2f s (%,.0f events/s).%n",
        events.size(),
        events.size() == 1 ? "" : "s",
        file.getFileName(),
        topic,
        t.partitions(),
        src.fields().get(keyColumn).name(),
        secs,
        secs > 0 ? events.size() / secs : 0);
    return 0;
  }

  private Source source(Definitions defs) {
    if (source != null) {
      return defs.source(source)
          .orElseThrow(
              () ->
                  KairosException.notFound(
                      "unknown source '"
                          + source
                          + "'; known sources: "
                          + Definitions.names(defs.sources(), Source::name)));
    }
    List<Source> streamed =
        defs.sources().stream()
            .filter(
                s ->
                    s.streaming().isPresent()
                        && (topic == null || s.streaming().get().topic().equals(topic)))
            .toList();
    if (streamed.size() == 1) {
      return streamed.get(0);
    }
    throw KairosException.user(
        (streamed.isEmpty()
                ? "no source has a stream" + (topic == null ? "" : " on topic '" + topic + "'")
                : "several sources stream" + (topic == null ? "" : " topic '" + topic + "'"))
            + "; name the file's source with --source (sources: "
            + Definitions.names(defs.sources(), Source::name)
            + ")");
  }

  private int keyColumn(Definitions defs, Source src) {
    String column = key != null ? key : src.streaming().map(StreamSettings::key).orElse(null);
    if (column == null) {
      for (FeatureView v : defs.views()) {
        List<String> keys = defs.joinKeys(v);
        if (v.source().equals(src.name()) && !keys.isEmpty()) {
          column = keys.get(0);
          break;
        }
      }
      if (column == null) {
        throw KairosException.user(
            "no feature view reads source '"
                + src.name()
                + "', so there is no join key to key the records by; name a column with --key");
      }
    }
    for (int i = 0; i < src.fields().size(); i++) {
      if (src.fields().get(i).name().equals(column)) {
        return i;
      }
    }
    throw KairosException.user(
        "--key "
            + column
            + ": source '"
            + src.name()
            + "' has no such field; fields: "
            + Definitions.names(src.fields(), Field::name));
  }

  private static List<Object[]> readSorted(Source src, Path path) {
    List<Object[]> rows = new ArrayList<>();
    try (TabularReader reader = TabularReader.open(path)) {
      Iterator<Object[]> it = SourceRows.read(src, reader, 20);
      while (it.hasNext()) {
        rows.add(it.next());
      }
    }
    int ts = src.fields().indexOf(src.field(src.timestampField()).orElseThrow());
    rows.sort(Comparator.comparing(r -> (Instant) r[ts])); // stable: file order breaks ties
    return rows;
  }

  /** An event ready to send: key and value encoded, event time kept for pacing. */
  private record Event(byte[] key, byte[] value, Instant at) {}

  /**
   * Encodes every row up front, on every core, so that sending is only sending: the replay is a
   * load generator, and its rate should be the producer's, not the JSON writer's.
   */
  private static List<Event> encode(Source src, List<Object[]> rows, int keyColumn) {
    int ts = src.fields().indexOf(src.field(src.timestampField()).orElseThrow());
    Event[] events = new Event[rows.size()];
    IntStream.range(0, events.length)
        .parallel()
        .forEach(
            i -> {
              Object[] row = rows.get(i);
              events[i] =
                  new Event(
                      keyBytes(row[keyColumn]), EventJson.encode(src, row), (Instant) row[ts]);
            });
    return Arrays.asList(events);
  }

  /** Sends every event and waits for every acknowledgement; returns the nanoseconds it took. */
  private static long send(String servers, String topic, List<Event> events, Pacing pacing) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck =
        (meta, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        };
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(servers)) {
      Instant first = events.isEmpty() ? null : events.get(0).at();
      long nextReport = start + PROGRESS_EVERY_NANOS;
      for (int i = 0; i < events.size() && failure.get() == null; i++) {
        Event event = events.get(i);
        pacing.await(start, i, first, event.at());
        if (pacing.paced() && System.nanoTime() >= nextReport) {
          nextReport += PROGRESS_EVERY_NANOS;
          System.out.printf(
              Locale.ROOT,
              "  %,d of %,d events sent, event time %s%n",
              i,
              events.size(),
              event.at());
        }
        producer.send(
            new ProducerRecord<>(
                topic, null, System.currentTimeMillis(), event.key(), event.value()),
            onAck);
      }
      producer.flush();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw KafkaTopics.unreachable(servers, e);
    }
    if (failure.get() != null) {
      Exception e = failure.get();
      if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw KafkaTopics.unreachable(servers, e);
      }
      throw KairosException.unavailable("Kafka at " + servers + " refused an event: " + e, e);
    }
    return System.nanoTime() - start;
  }

  private static KafkaProducer<byte[], byte[]> producer(String servers) {
    int timeoutMs = KafkaTopics.TIMEOUT_SECONDS * 1000;
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            servers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            64L * 1024 * 1024,
            // On loopback, compressing costs the sending thread more than it saves.
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "none",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            timeoutMs,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            timeoutMs,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            4 * timeoutMs),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static byte[] keyBytes(Object value) {
    if (value == null) {
      return null;
    }
    String text =
        value instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : value.toString();
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** When each event may go: as fast as possible, at a fixed rate, or at event-time gaps. */
  record Pacing(double rate, double speedup) {
    static Pacing of(Double rate, Double speedup) {
      if (rate != null && speedup != null) {
        throw KairosException.user(
            "--rate and --speedup cannot be used together: --rate sends a fixed number of events"
                + " per second, --speedup keeps the gaps between event times; choose one");
      }
      if (rate != null && !(rate > 0)) {
        throw KairosException.user("--rate " + rate + ": give a number of events per second > 0");
      }
      if (speedup != null && !(speedup > 0)) {
        throw KairosException.user("--speedup " + speedup + ": give a factor > 0 (1 = real time)");
      }
      return new Pacing(rate == null ? 0 : rate, speedup == null ? 0 : speedup);
    }

    boolean paced() {
      return rate > 0 || speedup > 0;
    }

    /** Parks until event {@code i} (at event time {@code at}) is due. */
    void await(long startNanos, int i, Instant first, Instant at) {
      long due;
      if (rate > 0) {
        due = startNanos + (long) (i * 1e9 / rate);
      } else if (speedup > 0) {
        long gapNanos =
            (at.getEpochSecond() - first.getEpochSecond()) * 1_000_000_000L
                + (at.getNano() - first.getNano());
        due = startNanos + (long) (gapNanos / speedup);
      } else {
        return;
      }
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }
}
