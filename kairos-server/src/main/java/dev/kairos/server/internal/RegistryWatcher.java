package dev.kairos.server.internal;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the registry source and swaps in each new version whole: the definitions and the reader
 * built for them change together in one reference write, so a request that took a snapshot sees one
 * version from start to end, never a half-applied registry. A failed poll keeps the previous
 * version serving.
 */
public final class RegistryWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

  /** One registry version and the reader that serves it. */
  public record Snapshot(
      Definitions definitions, OnlineFeatureReader reader, long version, Instant loadedAt) {}

  private final Supplier<Definitions> source;
  private final Function<Definitions, OnlineFeatureReader> readers;
  private final Duration interval;
  private final Clock clock;
  private final ServerMetrics metrics;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private volatile String lastError = "no poll has run yet";
  private ScheduledExecutorService poller;

  public RegistryWatcher(
      Supplier<Definitions> source,
      Function<Definitions, OnlineFeatureReader> readers,
      Duration interval,
      Clock clock,
      ServerMetrics metrics) {
    this.source = requireNonNull(source, "source");
    this.readers = requireNonNull(readers, "readers");
    this.interval = requireNonNull(interval, "interval");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /** Loads once now (a failure only leaves the server not ready) and then polls periodically. */
  public synchronized void start(Runnable afterPoll) {
    pollOnce();
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kairos-registry-reload");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    poller.scheduleWithFixedDelay(
        () -> {
          pollOnce();
          afterPoll.run();
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Reads the source once and swaps when the definitions changed. */
  public void pollOnce() {
    try {
      Definitions defs = requireNonNull(source.get(), "the registry source returned null");
      Snapshot old = current.get();
      if (old != null && old.definitions().equals(defs)) {
        return;
      }
      OnlineFeatureReader reader = requireNonNull(readers.apply(defs), "reader for definitions");
      long version = old == null ? 1 : old.version() + 1;
      current.set(new Snapshot(defs, reader, version, clock.instant()));
      metrics.reloaded();
      lastError = null;
      LOG.info("serving registry version {} of project '{}'", version, defs.project());
    } catch (RuntimeException e) {
      metrics.reloadFailed();
      String error = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      if (!error.equals(lastError)) {
        // Logged once per distinct failure: a registry that stays down must not flood the log.
        LOG.warn("registry poll failed; the previous version keeps serving: {}", error, e);
      }
      lastError = error;
    }
  }

  /** True once a registry version has been loaded. */
  public boolean loaded() {
    return current.get() != null;
  }

  /**
   * The version serving now.
   *
   * @throws KairosException UNAVAILABLE before the first successful load
   */
  public Snapshot current() {
    Snapshot s = current.get();
    if (s == null) {
      throw KairosException.unavailable(
          "the registry has not been loaded yet (last attempt: " + lastError + "); retry shortly",
          null);
    }
    return s;
  }

  /** The message of the last failed poll, or null when the last poll succeeded. */
  public String lastError() {
    return lastError;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
