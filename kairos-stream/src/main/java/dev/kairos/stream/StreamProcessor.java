package dev.kairos.stream;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.StreamSettings;
import dev.kairos.core.config.KafkaSettings;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Consumes a stream source's topic and, batch by batch: dead-letters the events that cannot be
 * applied, appends the valid ones to the source's offline table, updates the online state of every
 * view on the source, and only then commits the batch's offsets.
 *
 * <p><b>Exactly counted.</b> Delivery is at least once: after a crash the batch after the last
 * commit is read again. Every write is idempotent because an event's identity is derived from its
 * partition and offset ({@code StreamedSeq}): the offline append skips sequences it holds, the
 * aggregation state ignores events it holds, and latest values never go backwards. A dead letter
 * may be sent twice after a crash; its headers carry the partition and offset.
 *
 * <p><b>Failures.</b> A store or broker failure while writing retries the same batch with backoff
 * for up to {@link Options#retryLimit}, then stops with an UNAVAILABLE error; nothing is committed
 * past the last complete write. A broker that goes away between batches is waited for by the
 * client, which resumes by itself.
 */
public final class StreamProcessor implements AutoCloseable {
  /**
   * @param maxPollRecords the most records one batch holds
   * @param retryLimit how long a failing batch is retried before the stream stops
   * @param clientId the Kafka client id (appears in the group's membership)
   * @param instanceId a static group membership id, or null for a dynamic member: a process
   *     restarted with the same id takes its partitions back at once, without waiting for the group
   *     to notice the old process is gone (Kafka's {@code group.instance.id})
   */
  public record Options(
      int maxPollRecords, Duration retryLimit, String clientId, String instanceId) {
    public static Options defaults() {
      return new Options(2_000, Duration.ofMinutes(5), "kairos-stream", null);
    }
  }

  private static final System.Logger LOG = System.getLogger(StreamProcessor.class.getName());

  private final Source source;
  private final StreamSettings stream;
  private final BatchApplier applier;
  private final StreamMetrics metrics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> deadLetters;
  private final Options options;
  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile Consumer<String> log = s -> LOG.log(System.Logger.Level.INFO, s);

  public StreamProcessor(
      Definitions definitions,
      String sourceName,
      List<FeatureView> views,
      OfflineStore offline,
      OnlineStore online,
      KafkaSettings kafka,
      EventCheck check,
      StreamMetrics metrics,
      Clock clock,
      Options options) {
    this.source = definitions.source(sourceName).orElseThrow();
    this.stream = StreamPreflight.settings(definitions, sourceName);
    this.metrics = metrics;
    this.options = options;
    this.clock = clock;
    List<ViewWriter> writers = new ArrayList<>();
    views.forEach(v -> writers.add(new ViewWriter(v, definitions)));
    this.applier =
        new BatchApplier(
            source, writers, offline, online, check, stream.allowedLateness(), metrics, clock);
    long pollInterval = options.retryLimit().toMillis() + 60_000;
    this.consumer =
        new KafkaConsumer<>(
            KafkaClients.consumer(
                kafka,
                options.clientId(),
                options.instanceId(),
                options.maxPollRecords(),
                pollInterval));
    this.deadLetters =
        new KafkaProducer<>(KafkaClients.producer(kafka, options.clientId() + "-dlq"));
  }

  /** Where progress lines go (default: the platform logger). */
  public void onLog(Consumer<String> sink) {
    this.log = sink;
  }

  /**
   * Consumes until {@link #stop} is called; then finishes the batch in hand, commits it and leaves
   * the group.
   *
   * @throws KairosException UNAVAILABLE when a batch cannot be written within the retry limit
   */
  public void run() {
    try {
      consumer.subscribe(List.of(stream.topic()), new Rebalance());
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(Duration.ofMillis(200));
        } catch (WakeupException e) {
          continue;
        }
        for (TopicPartition tp : consumer.assignment()) {
          consumer.currentLag(tp).ifPresent(l -> metrics.lag(tp.partition(), l));
        }
        if (!records.isEmpty()) {
          process(records);
        }
      }
    } finally {
      try {
        consumer.close(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        log.accept("closing the consumer failed: " + e.getMessage());
      }
      deadLetters.close(Duration.ofSeconds(10));
      applier.close();
      stopped.countDown();
    }
  }

  /** Asks {@link #run} to finish its batch and return. Safe from any thread (e.g. a signal). */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Waits until {@link #run} returned. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void process(ConsumerRecords<byte[], byte[]> records) {
    List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
    records.forEach(list::add);
    BatchApplier.Prepared batch = applier.prepare(list);
    // A timeout, not event time: measured on the monotonic clock, whatever clock the store uses.
    long giveUp = System.nanoTime() + options.retryLimit().toNanos();
    long backoff = 100;
    boolean sent = false;
    while (true) {
      try {
        if (!sent) {
          for (BatchApplier.DeadLetter d : batch.deadLetters()) {
            deadLetters.send(deadLetter(d));
          }
        }
        applier.write(batch);
        deadLetters.flush();
        sent = true;
        commit(batch);
        applier.written(batch);
        return;
      } catch (KairosException | KafkaException e) {
        if (e instanceof KairosException k && k.kind() != ErrorKind.UNAVAILABLE) {
          throw k;
        }
        if (e instanceof KafkaException
            && !(e instanceof RetriableException)
            && !(e.getCause() instanceof RetriableException)) {
          throw new KairosException(
              ErrorKind.UNAVAILABLE, "Kafka failed while streaming: " + e.getMessage(), e);
        }
        if (System.nanoTime() - giveUp > 0) {
          throw new KairosException(
              ErrorKind.UNAVAILABLE,
              "stream of source '"
                  + source.name()
                  + "' stopped: a batch could not be written for "
                  + options.retryLimit().toSeconds()
                  + " s ("
                  + e.getMessage()
                  + "); nothing past the last complete write was committed, so restarting"
                  + " resumes from there",
              e);
        }
        log.accept("write failed, retrying in " + backoff + " ms: " + e.getMessage());
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void commit(BatchApplier.Prepared batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    batch
        .lastOffsets()
        .forEach(
            (p, o) ->
                offsets.put(new TopicPartition(stream.topic(), p), new OffsetAndMetadata(o + 1)));
    for (int attempt = 0; ; attempt++) {
      try {
        consumer.commitSync(offsets, Duration.ofSeconds(10));
        return;
      } catch (WakeupException e) {
        // stop() during the commit: commit again, then run() sees the flag.
      } catch (CommitFailedException e) {
        // The partitions went to another member, which reads this batch again; every write is
        // idempotent, so that is harmless.
        log.accept("commit refused after a rebalance; the new owner re-reads the batch");
        return;
      }
      if (attempt > 3) {
        throw new KairosException(ErrorKind.UNAVAILABLE, "cannot commit offsets " + offsets, null);
      }
    }
  }

  private ProducerRecord<byte[], byte[]> deadLetter(BatchApplier.DeadLetter d) {
    ConsumerRecord<byte[], byte[]> r = d.record();
    RecordHeaders h = new RecordHeaders();
    h.add("kairos.reason", bytes(d.why().reason().label()));
    h.add("kairos.error", bytes(d.why().message()));
    h.add("kairos.source", bytes(source.name()));
    h.add("kairos.topic", bytes(r.topic()));
    h.add("kairos.partition", bytes(String.valueOf(r.partition())));
    h.add("kairos.offset", bytes(String.valueOf(r.offset())));
    h.add("kairos.timestamp", bytes(String.valueOf(r.timestamp())));
    r.headers().forEach(x -> h.add("original." + x.key(), x.value()));
    return new ProducerRecord<>(stream.deadLetterTopic(), null, r.key(), r.value(), h);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KairosException(ErrorKind.UNAVAILABLE, "interrupted while retrying a write", e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> applier.revoked(tp.partition()));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        log.accept("assigned partitions " + partitions);
      }
    }
  }
}
