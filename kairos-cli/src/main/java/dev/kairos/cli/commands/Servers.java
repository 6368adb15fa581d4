package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.server.KairosServer;
import dev.kairos.server.ReadMode;
import dev.kairos.spi.OnlineStore;

/** Builds a feature server over a repository's registry and online store. */
public final class Servers {
  private Servers() {}

  public static KairosServer start(FeatureStore fs, String host, int port) {
    OnlineStore store = fs.onlineStore();
    int maxEntities = fs.config().server().maxEntities();
    return KairosServer.builder()
        .host(host)
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
            (java.util.function.Function<
                    dev.kairos.api.Definitions, dev.kairos.api.OnlineFeatureReader>)
                defs -> {
                  store.viewsDefined(
                      dev.kairos.core.aggregate.AggregationLayout.storedViews(defs).stream()
                          .filter(dev.kairos.api.FeatureView::online)
                          .toList());
                  return new OnlineServingEngine(() -> defs, store, fs.clock(), maxEntities);
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
