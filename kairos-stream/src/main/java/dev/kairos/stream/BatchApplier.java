package dev.kairos.stream;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.online.AggregationMerger;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.StreamedSeq;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a polled batch of records into writes: decodes and checks each record (a bad one becomes a
 * dead letter), marks late events, then appends the valid events to the source's offline table and
 * updates every view's online state. Every write is idempotent (events carry a sequence derived
 * from partition and offset), so a batch may be written again after any failure.
 */
final class BatchApplier {
  /** A polled batch, decoded: what to write and what to dead-letter. */
  record Prepared(
      List<StreamEvent> events, List<DeadLetter> deadLetters, Map<Integer, Long> lastOffsets) {}

  /** A record that cannot be applied, with why. */
  record DeadLetter(ConsumerRecord<byte[], byte[]> record, BadEvent why) {}

  private final Source source;
  private final List<ViewWriter> writers;
  private final OfflineStore offline;
  private final OnlineStore online;
  private final EventDecoder decoder;
  private final EventCheck check;
  private final long latenessMicros;
  private final StreamMetrics metrics;
  private final Clock clock;
  private final Map<Integer, Long> watermark = new HashMap<>();
  private final Map<String, AggregationMerger> mergers = new HashMap<>();
  private final ExecutorService offlineWriter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kairos-stream-offline");
            t.setDaemon(true);
            return t;
          });

  BatchApplier(
      Source source,
      List<ViewWriter> writers,
      OfflineStore offline,
      OnlineStore online,
      EventCheck check,
      Duration lateness,
      StreamMetrics metrics,
      Clock clock) {
    this.source = source;
    this.writers = writers;
    this.offline = offline;
    this.online = online;
    this.decoder = new EventDecoder(source);
    this.check = check;
    this.latenessMicros = lateness.toNanos() / 1000;
    this.metrics = metrics;
    this.clock = clock;
    for (ViewWriter w : writers) {
      if (w.layout != null) {
        mergers.put(w.view.name(), new AggregationMerger(online, w.layout));
      }
    }
  }

  /** Forgets a partition's lateness watermark (it moved to another consumer). */
  void revoked(int partition) {
    watermark.remove(partition);
  }

  /** Decodes and checks {@code records} (in offset order per partition); no I/O. */
  Prepared prepare(List<ConsumerRecord<byte[], byte[]>> records) {
    List<StreamEvent> events = new ArrayList<>(records.size());
    List<DeadLetter> dead = new ArrayList<>();
    Map<Integer, Long> last = new HashMap<>();
    int ts = source.fields().indexOf(source.field(source.timestampField()).orElseThrow());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      last.merge(r.partition(), r.offset(), Math::max);
      Object decoded = decoder.decode(r.value());
      if (decoded instanceof BadEvent bad) {
        dead.add(new DeadLetter(r, bad));
        continue;
      }
      Object[] row = (Object[]) decoded;
      String violation = check.violation(row);
      if (violation != null) {
        dead.add(new DeadLetter(r, new BadEvent(DeadLetterReason.EXPECTATION, violation)));
        continue;
      }
      Instant eventTs = (Instant) row[ts];
      long micros = micros(eventTs);
      long seen = watermark.getOrDefault(r.partition(), Long.MIN_VALUE);
      boolean late = seen != Long.MIN_VALUE && micros < seen - latenessMicros;
      watermark.put(r.partition(), Math.max(seen, micros));
      Instant produced = r.timestamp() < 0 ? null : Instant.ofEpochMilli(r.timestamp());
      events.add(
          new StreamEvent(
              row,
              eventTs,
              StreamedSeq.of(r.partition(), r.offset()),
              r.partition(),
              produced,
              late));
    }
    return new Prepared(events, dead, last);
  }

  /**
   * Writes the batch's events: offline first (every valid event, late ones included), then online
   * (every event that is not late). Safe to call again for the same batch.
   */
  void write(Prepared batch) {
    List<StreamEvent> events = batch.events();
    if (events.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(events.size());
    long[] seqs = new long[events.size()];
    for (int i = 0; i < events.size(); i++) {
      rows.add(events.get(i).row());
      seqs[i] = events.get(i).seq();
    }
    // The offline append and the online writes are independent and both idempotent: run them at
    // once, and wait for both before the batch counts as written.
    Future<Long> appended = offlineWriter.submit(() -> offline.appendSequenced(source, rows, seqs));
    try {
      writeOnline(events);
    } finally {
      await(appended);
    }
  }

  private void writeOnline(List<StreamEvent> events) {
    List<StreamEvent> onTime = new ArrayList<>(events.size());
    for (StreamEvent e : events) {
      if (!e.late()) {
        onTime.add(e);
      }
    }
    for (ViewWriter w : writers) {
      if (w.hasFeatures()) {
        online.multiPut(w.view, w.latestRows(onTime));
      }
      if (w.layout != null) {
        mergers.get(w.view.name()).mergeAndWrite(w.eventRows(onTime));
      }
    }
  }

  private static void await(Future<Long> appended) {
    try {
      appended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KairosException(ErrorKind.UNAVAILABLE, "interrupted while appending offline", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new KairosException(ErrorKind.INTERNAL, "offline append failed: " + e.getCause(), e);
    }
  }

  /** Stops the offline writer thread. */
  void close() {
    offlineWriter.shutdownNow();
  }

  /** Records what a written batch did, once it is committed. */
  void written(Prepared batch) {
    Instant servable = clock.instant();
    long late = 0;
    Instant latest = null;
    for (StreamEvent e : batch.events()) {
      if (e.late()) {
        late++;
        continue;
      }
      metrics.servable(e.eventTs(), e.producedAt(), servable);
      if (latest == null || e.eventTs().isAfter(latest)) {
        latest = e.eventTs();
      }
    }
    if (latest != null) {
      for (ViewWriter w : writers) {
        metrics.lastEvent(w.view.name(), latest);
      }
    }
    metrics.applied(batch.events().size() - late);
    metrics.late(late);
    batch.deadLetters().forEach(d -> metrics.deadLettered(d.why().reason()));
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
