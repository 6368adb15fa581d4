package dev.kairos.cli.commands;

import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsTables;
import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.ml.Models;
import dev.kairos.ml.serve.ModelScorer;
import dev.kairos.monitor.ServedSkewChecker;
import dev.kairos.server.KairosServer;
import dev.kairos.server.ReadMode;
import dev.kairos.spi.OnlineStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Builds a feature server over a repository's registry and online store. */
public final class Servers {
  /** How long POST /v1/skew/check may take: a check recomputes the whole range it is given. */
  static final java.time.Duration SKEW_CHECK_TIMEOUT = java.time.Duration.ofMinutes(10);

  private Servers() {}

  /** A running feature server and the scorer that follows model promotions for it. */
  public record Started(KairosServer server, ModelScorer models) {
    public int port() {
      return server.port();
    }

    /** Stops serving (draining requests), then stops following promotions. */
    public void stop() {
      server.stop();
      models.close();
    }
  }

  public static Started start(FeatureStore fs, String host, int port) {
    OnlineStore store = fs.onlineStore();
    int maxEntities = fs.config().server().maxEntities();
    AtomicReference<OnlineFeatureReader> reader = new AtomicReference<>();
    AtomicReference<Definitions> definitions = new AtomicReference<>();
    ModelScorer models =
        new ModelScorer(
                Models.of(fs).registry(), reader::get, definitions::get, fs.clock(), maxEntities)
            .start(Duration.ofSeconds(1));
    KairosServer server;
    try {
      server = build(fs, host, port, store, maxEntities, reader, definitions, models);
    } catch (RuntimeException e) {
      models.close();
      throw e;
    }
    return new Started(server, models);
  }

  private static KairosServer build(
      FeatureStore fs,
      String host,
      int port,
      OnlineStore store,
      int maxEntities,
      AtomicReference<OnlineFeatureReader> reader,
      AtomicReference<Definitions> definitions,
      ModelScorer models) {
    KairosServer.Builder b = KairosServer.builder();
    if (fs.config().analytics() != null) {
      b.analytics(new AnalyticsTables(() -> Analytics.of(fs)));
    }
    dev.kairos.agent.Agents.settings(fs)
        .ifPresent(
            s ->
                b.agent(
                    dev.kairos.agent.Agents.create(
                        s,
                        dev.kairos.agent.Agents.backends(fs, definitions::get, reader::get, models),
                        dev.kairos.agent.Agents.log(fs)),
                    // A conversation is a few model calls; each is bounded by agent.timeout.
                    s.timeout().multipliedBy(6)));
    if (fs.config().server().ui()) {
      b.extension(dev.kairos.ui.Dashboard.of(fs));
    }
    b.featureLogger(FeatureLogging.start(fs, definitions::get))
        .skewHistory(FeatureLogging.history(fs))
        .skewChecker(new ServedSkewChecker(fs), SKEW_CHECK_TIMEOUT);
    return b.host(host)
        .port(port)
        .clock(fs.clock())
        .maxEntityRows(maxEntities)
        .readMode(readMode(store.readStyle()))
        .ioThreadsUser(store::useIoThreads)
        .definitions(
            () ->
                fs.registry()
                    .current()
                    .orElseThrow(
                        () ->
                            KairosException.unavailable(
                                "no definitions applied yet; run kairos apply", null)))
        .reader(
            (Definitions defs) -> {
              OnlineServingEngine engine =
                  OnlineServingEngine.serving(defs, store, fs.clock(), maxEntities);
              reader.set(engine);
              definitions.set(defs);
              return engine;
            })
        .readiness(
            () -> {
              try {
                store.checkAvailable();
                return true;
              } catch (KairosException e) {
                return false;
              }
            })
        .predictor(models)
        .build()
        .start();
  }

  /** An embedded store is read on the I/O thread, an asynchronous one without waiting. */
  static ReadMode readMode(OnlineStore.ReadStyle style) {
    return switch (style) {
      case LOCAL -> ReadMode.INLINE;
      case ASYNC -> ReadMode.ASYNC;
      case BLOCKING -> ReadMode.BLOCKING_POOL;
    };
  }
}
