package dev.kairos.monitor;

import static java.util.Objects.requireNonNull;

import dev.kairos.analytics.LoggedPrediction;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureService;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.monitor.FeatureLogger;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FeatureLogger} of the feature server: samples rows by entity key ({@link KeySampler})
 * at each service's {@code logging.sample_rate}, offers them to a bounded queue without waiting,
 * and writes them from one background thread in batches to {@code feature_log_<service>} ({@link
 * FeatureLogTable}). A full queue drops the row and counts it; a failed write counts its rows as
 * failed and logs a warning; neither touches the request. {@link #close()} writes everything
 * queued, then stops the thread; rows offered afterwards are dropped.
 *
 * <pre>{@code
 * FeatureLog log = FeatureLog.builder(table, definitions::get).capacity(100_000).start();
 * KairosServer.builder().featureLogger(log)...;
 * }</pre>
 */
public final class FeatureLog implements FeatureLogger {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureLog.class);

  /** Queue capacity unless the builder says otherwise. */
  public static final int DEFAULT_CAPACITY = 65_536;

  /** Rows per write unless the builder says otherwise. */
  public static final int DEFAULT_BATCH = 2_048;

  /** How long the writer lets rows gather before a write, unless the builder says otherwise. */
  public static final long DEFAULT_LINGER_MILLIS = 1_000;

  private final BlockingQueue<Entry> queue;
  private final int batch;
  private final long lingerMillis;
  private final Writer table;
  private final Supplier<Definitions> definitions;
  private final Function<PredictResult, String> modelService;
  private final Consumer<List<LoggedPrediction>> predictionLog;
  private final Function<PredictQuery, List<String>> transactionIds;
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final RowBuilder rows;
  private final Thread thread;
  private volatile boolean closing;

  /** Writes one batch of one service; the table in production, anything in tests. */
  @FunctionalInterface
  public interface Writer {
    void append(String service, List<LogRow> rows) throws Exception;
  }

  /**
   * A queued row: a feature-log row (built by the writer thread, off the request path; null for
   * none), a prediction-log row (or null), or both.
   */
  private record Entry(Supplier<LogRow> row, LoggedPrediction prediction) {}

  private FeatureLog(Builder b) {
    this.queue = new ArrayBlockingQueue<>(b.capacity);
    this.batch = b.batch;
    this.lingerMillis = b.lingerMillis;
    this.table = b.writer;
    this.definitions = b.definitions;
    this.modelService = b.modelService;
    this.predictionLog = b.predictionLog;
    this.transactionIds = b.transactionIds;
    this.rows = new RowBuilder();
    this.thread = new Thread(this::drain, "kairos-feature-log");
    thread.setDaemon(true);
  }

  /**
   * @param writer where batches go, e.g. {@code new FeatureLogTable(sql)::append}
   * @param definitions the definitions serving now; read per request for the sample rates
   */
  public static Builder builder(Writer writer, Supplier<Definitions> definitions) {
    return new Builder(writer, definitions);
  }

  @Override
  public void features(
      String service,
      long registryVersion,
      Instant requestTime,
      OnlineQuery query,
      OnlineResult result) {
    Definitions defs = definitions.get();
    double rate =
        defs == null ? 0.0 : defs.service(service).map(FeatureService::logSampleRate).orElse(0.0);
    if (rate <= 0.0) {
      return;
    }
    String requestId = RowBuilder.requestId();
    int n = query.rowCount();
    for (int i = 0; i < n; i++) {
      Map<String, Object> key = RowBuilder.key(query, i);
      if (KeySampler.sampled(key, rate)) {
        int row = i;
        offer(
            new Entry(
                () ->
                    rows.features(
                        defs, service, requestId, registryVersion, requestTime, query, result, row),
                null));
      }
    }
  }

  @Override
  public void predictions(Instant requestTime, PredictQuery query, PredictResult result) {
    Definitions defs = definitions.get();
    String service = modelService.apply(result);
    double rate =
        defs == null || service == null
            ? 0.0
            : defs.service(service).map(FeatureService::logSampleRate).orElse(0.0);
    List<String> ids = predictionLog == null ? null : transactionIds.apply(query);
    String requestId = RowBuilder.requestId();
    for (int i = 0; i < result.predictions().size(); i++) {
      Map<String, Object> key = RowBuilder.key(query.entities(), i);
      int at = i;
      Supplier<LogRow> row =
          rate > 0.0 && KeySampler.sampled(key, rate)
              ? () -> rows.prediction(service, requestId, requestTime, query, result, at)
              : null;
      LoggedPrediction scored = null;
      if (ids != null && ids.get(i) != null) {
        var p = result.predictions().get(i);
        scored =
            new LoggedPrediction(
                ids.get(i),
                result.model(),
                result.version(),
                p.probability(),
                result.threshold(),
                p.decision(),
                requestTime);
      }
      if (row != null || scored != null) {
        offer(new Entry(row, scored));
      }
    }
  }

  private void offer(Entry e) {
    offered.incrementAndGet();
    if (closing || !queue.offer(e)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public Stats stats() {
    return new Stats(offered.get(), queue.size(), written.get(), dropped.get(), failed.get());
  }

  private FeatureLog start() {
    thread.start();
    return this;
  }

  private void drain() {
    List<Entry> taken = new ArrayList<>(batch);
    while (true) {
      try {
        Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing && queue.isEmpty()) {
            return;
          }
          continue;
        }
        taken.add(first);
        if (!closing && queue.size() < batch - 1 && lingerMillis > 0) {
          // Fewer, larger writes: a transaction per few rows would cost the store more than the
          // rows.
          Thread.sleep(lingerMillis);
        }
        queue.drainTo(taken, batch - 1);
        write(taken);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        taken.clear();
      }
    }
  }

  private void write(List<Entry> entries) {
    Map<String, List<LogRow>> byService = new LinkedHashMap<>();
    List<LoggedPrediction> predictions = new ArrayList<>();
    for (Entry e : entries) {
      if (e.row() != null) {
        LogRow row;
        try {
          row = e.row().get();
        } catch (RuntimeException ex) {
          failed.incrementAndGet();
          LOG.warn(
              "a served row could not be turned into a log row; it is lost: {}", ex.toString());
          continue;
        }
        byService.computeIfAbsent(row.service(), s -> new ArrayList<>()).add(row);
      }
      if (e.prediction() != null) {
        predictions.add(e.prediction());
      }
    }
    // An entry counts as written once its feature-log row (if any) is written.
    long predictionOnly = entries.stream().filter(e -> e.row() == null).count();
    for (Map.Entry<String, List<LogRow>> s : byService.entrySet()) {
      try {
        table.append(s.getKey(), s.getValue());
        written.addAndGet(s.getValue().size());
      } catch (Exception ex) {
        failed.addAndGet(s.getValue().size());
        LOG.warn(
            "writing {} rows to the feature log of service '{}' failed; they are lost, requests"
                + " are unaffected: {}",
            s.getValue().size(),
            s.getKey(),
            ex.toString());
      }
    }
    if (!predictions.isEmpty()) {
      try {
        predictionLog.accept(predictions);
        written.addAndGet(predictionOnly);
      } catch (RuntimeException ex) {
        failed.addAndGet(predictionOnly);
        LOG.warn(
            "writing {} rows to prediction_log failed; requests are unaffected: {}",
            predictions.size(),
            ex.toString());
      }
    }
  }

  /** Writes everything queued (waiting for the writer), then stops it. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link FeatureLog}. */
  public static final class Builder {
    private final Writer writer;
    private final Supplier<Definitions> definitions;
    private int capacity = DEFAULT_CAPACITY;
    private int batch = DEFAULT_BATCH;
    private long lingerMillis = DEFAULT_LINGER_MILLIS;
    private Function<PredictResult, String> modelService = r -> null;
    private Consumer<List<LoggedPrediction>> predictionLog;
    private Function<PredictQuery, List<String>> transactionIds;

    private Builder(Writer writer, Supplier<Definitions> definitions) {
      this.writer = requireNonNull(writer, "writer");
      this.definitions = requireNonNull(definitions, "definitions");
    }

    /** Rows the queue holds; default {@value #DEFAULT_CAPACITY}. */
    public Builder capacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
      }
      this.capacity = capacity;
      return this;
    }

    /** Most rows per write; default {@value #DEFAULT_BATCH}. */
    public Builder batchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, was " + rows);
      }
      this.batch = rows;
      return this;
    }

    /**
     * How long the writer waits for more rows after the first of a batch arrives (0 writes at
     * once); default {@value #DEFAULT_LINGER_MILLIS} ms. Closing skips the wait.
     */
    public Builder lingerMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("lingerMillis must be 0 or more, was " + millis);
      }
      this.lingerMillis = millis;
      return this;
    }

    /** The feature service a model version was trained on, or null: its rows are logged there. */
    public Builder modelService(Function<PredictResult, String> serviceOf) {
      this.modelService = requireNonNull(serviceOf, "serviceOf");
      return this;
    }

    /**
     * Also appends every prediction whose transaction id is known to the analytics {@code
     * prediction_log}.
     *
     * @param field the request field holding the transaction id (analytics' {@code transaction_id})
     */
    public Builder predictionLog(String field, Consumer<List<LoggedPrediction>> sink) {
      requireNonNull(field, "field");
      this.predictionLog = requireNonNull(sink, "sink");
      this.transactionIds = q -> RowBuilder.texts(q, field);
      return this;
    }

    /** Starts the writer thread. */
    public FeatureLog start() {
      return new FeatureLog(this).start();
    }
  }
}
