package dev.kairos.core.online;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.EventQuery;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.LatestQuery;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies, for each online view, the latest source row per entity within an interval from the
 * offline store to the online store. The offline engine computes "latest per entity"; rows stream
 * out in batches and each batch is one {@link OnlineStore#multiPut}, written on a second thread
 * while the offline store produces the next batches.
 *
 * <p>A view with aggregations gets, per entity, an aggregation state that every event of the
 * interval is merged into (see {@link dev.kairos.core.aggregate.AggregationState}); to serve a
 * window {@code W} exactly at time {@code now}, the materialized intervals must cover {@code [now -
 * W, now)}.
 *
 * <p><b>Watermarks.</b> Per view, registry metadata namespace {@value #WATERMARK_NAMESPACE}, key =
 * view name, value = ISO-8601 instant: the end of the latest interval written. It is stored only
 * after all the view's rows are written and never moves backwards. An incremental run goes from the
 * watermark (or the epoch on the first run) to its end, both inclusive.
 *
 * <p><b>Idempotence.</b> Online writes never replace newer rows, so re-running any interval, or
 * re-running after a crash at any point, leaves the online store as an uninterrupted run would.
 */
public final class Materializer {
  public static final String WATERMARK_NAMESPACE = "watermark";

  /**
   * Per view, registry metadata namespace {@value}, key = view name: the last run as JSON, {@code
   * {"start": ISO-8601, "end": ISO-8601, "rows": n, "finished_at": ISO-8601}} (the interval
   * written, both bounds inclusive; the time it finished by the materializer's clock). The
   * dashboard's freshness page reads it.
   */
  public static final String LAST_RUN_NAMESPACE = "materialization";

  public static final int DEFAULT_BATCH_SIZE = 10_000;

  /** Batches read ahead while the online store writes: enough to cover jitter, bounded memory. */
  private static final int PIPELINE_DEPTH = 4;

  private final Definitions definitions;
  private final OfflineStore offline;
  private final OnlineStore online;
  private final RegistryStore registry;
  private final Clock clock;
  private final int batchSize;

  public Materializer(
      Definitions definitions,
      OfflineStore offline,
      OnlineStore online,
      RegistryStore registry,
      Clock clock) {
    this(definitions, offline, online, registry, clock, DEFAULT_BATCH_SIZE);
  }

  /** As above, with the number of rows per online write batch. */
  public Materializer(
      Definitions definitions,
      OfflineStore offline,
      OnlineStore online,
      RegistryStore registry,
      Clock clock,
      int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.definitions = definitions;
    this.offline = offline;
    this.online = online;
    this.registry = registry;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /**
   * Materializes rows with {@code start <= event_ts <= end}.
   *
   * @param views view names; null or empty for every online view
   * @throws KairosException USER when {@code start} is after {@code end} or a view is unknown
   */
  public MaterializationSummary materialize(
      Instant start, Instant end, List<String> views, ProgressListener listener) {
    if (start.isAfter(end)) {
      throw KairosException.user(
          "start " + start + " is after end " + end + "; give START before END");
    }
    Instant began = clock.instant();
    List<MaterializationSummary.ViewRun> runs = new ArrayList<>();
    for (FeatureView view : select(views, listener)) {
      runs.add(run(view, start, end, listener));
    }
    return summary(runs, began);
  }

  /**
   * Materializes each view from its watermark (the epoch when it has none) to {@code end}. A view
   * whose watermark is already past {@code end} is skipped.
   *
   * @param views view names; null or empty for every online view
   */
  public MaterializationSummary materializeIncremental(
      Instant end, List<String> views, ProgressListener listener) {
    Instant began = clock.instant();
    List<MaterializationSummary.ViewRun> runs = new ArrayList<>();
    for (FeatureView view : select(views, listener)) {
      Instant start = watermark(view.name()).orElse(Instant.EPOCH);
      if (start.isAfter(end)) {
        listener.viewSkipped(view.name(), "already materialized up to " + start);
        continue;
      }
      runs.add(run(view, start, end, listener));
    }
    return summary(runs, began);
  }

  /** The stored watermark of a view, if it was ever materialized. */
  public Optional<Instant> watermark(String view) {
    return registry
        .get(WATERMARK_NAMESPACE, view)
        .map(
            text -> {
              try {
                return Instant.parse(text);
              } catch (DateTimeParseException e) {
                throw new KairosException(
                    dev.kairos.api.ErrorKind.INTERNAL,
                    "stored watermark of view '"
                        + view
                        + "' is not an ISO-8601 instant: '"
                        + text
                        + "'; run 'kairos materialize' with explicit START and END to reset it",
                    e);
              }
            });
  }

  private List<FeatureView> select(List<String> names, ProgressListener listener) {
    List<FeatureView> out = new ArrayList<>();
    if (names == null || names.isEmpty()) {
      for (FeatureView v : definitions.views()) {
        if (v.online()) {
          out.add(v);
        }
      }
      return out;
    }
    for (String name : names) {
      FeatureView v =
          definitions
              .view(name)
              .orElseThrow(
                  () ->
                      KairosException.user(
                          "unknown feature view '"
                              + name
                              + "'; known views: "
                              + Definitions.names(definitions.views(), FeatureView::name)));
      if (v.online()) {
        out.add(v);
      } else {
        listener.viewSkipped(name, "the view is not online (online: false)");
      }
    }
    return out;
  }

  private MaterializationSummary.ViewRun run(
      FeatureView view, Instant start, Instant end, ProgressListener listener) {
    listener.viewStarted(view.name(), start, end);
    long rows = 0;
    if (!view.features().isEmpty()) {
      LatestQuery query =
          new LatestQuery(view, definitions.sourceOf(view), definitions.joinKeys(view), start, end);
      WritePipeline.Writer<OnlineRow> put =
          batch -> {
            online.multiPut(view, batch);
            return batch.size();
          };
      try (WritePipeline<OnlineRow> pipeline =
          new WritePipeline<>(view.name(), put, listener, PIPELINE_DEPTH)) {
        offline.latest(query, batchSize, pipeline::submit);
        rows = pipeline.finish();
      }
    }
    if (view.hasAggregations()) {
      rows += aggregations(view, start, end, listener);
    }
    Optional<Instant> previous = watermark(view.name());
    if (previous.isEmpty() || end.isAfter(previous.get())) {
      registry.put(WATERMARK_NAMESPACE, view.name(), end.toString());
    }
    registry.put(
        LAST_RUN_NAMESPACE,
        view.name(),
        "{\"start\":\""
            + start
            + "\",\"end\":\""
            + end
            + "\",\"rows\":"
            + rows
            + ",\"finished_at\":\""
            + clock.instant()
            + "\"}");
    listener.viewFinished(view.name(), rows);
    return new MaterializationSummary.ViewRun(view.name(), start, end, rows);
  }

  /**
   * Merges the view's events in the interval into each entity's aggregation state: the state
   * extends with every run, and re-running an interval changes nothing.
   *
   * @return the number of entity states written
   */
  private long aggregations(FeatureView view, Instant start, Instant end, ProgressListener l) {
    AggregationLayout layout = AggregationLayout.of(view, definitions);
    EventQuery query =
        new EventQuery(
            view,
            definitions.sourceOf(view),
            definitions.joinKeys(view),
            layout.columnNames(),
            start,
            end);
    // The merger reads, merges and writes on the pipeline's thread: with compare-and-set writes a
    // merge and its write go together, and a lost write is merged again from a fresh read.
    AggregationMerger merger = new AggregationMerger(online, layout);
    String storage = layout.storageView().name();
    try (WritePipeline<EventRow> pipeline =
        new WritePipeline<>(storage, merger::mergeAndWrite, l, PIPELINE_DEPTH)) {
      offline.events(query, batchSize, pipeline::submit);
      return pipeline.finish();
    }
  }

  private MaterializationSummary summary(List<MaterializationSummary.ViewRun> runs, Instant began) {
    long rows = 0;
    for (MaterializationSummary.ViewRun r : runs) {
      rows += r.rows();
    }
    return new MaterializationSummary(runs, rows, Duration.between(began, clock.instant()));
  }
}
