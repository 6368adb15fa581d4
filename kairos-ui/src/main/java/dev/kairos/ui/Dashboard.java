package dev.kairos.ui;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.ServerBuilder;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.registry.Registry;
import dev.kairos.ml.Models;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.runs.RunStore;
import dev.kairos.quality.QualityGate;
import dev.kairos.server.ServerExtension;
import dev.kairos.spi.RegistryStore;
import dev.kairos.ui.internal.DashboardRoutes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The web dashboard, installed into a feature server ({@code KairosServer.Builder#extension}): the
 * single-page app at {@code /ui/} ({@code /} redirects there), uPlot at {@code /ui/vendor/uplot/},
 * and the read-only JSON endpoints under {@code /v1/ui/} that feed its pages (see
 * docs/dashboard.md). Every endpoint is a GET that changes nothing; a malformed request is a 400
 * whose {@code error} says what to give instead.
 *
 * <p>While installed it samples the server's meters once a second on a daemon thread (the serving
 * page's 15-minute history); {@link #close()} stops that.
 */
public final class Dashboard implements ServerExtension {
  private final Sources sources;
  private final Duration sampleEvery;
  private DashboardRoutes routes;

  /**
   * Where the pages' data comes from; suppliers, as the repository opens its stores on first use.
   *
   * @param registry the versioned definitions
   * @param store the registry store (validation runs, materialization records)
   * @param runs training runs and their files
   * @param models model versions and aliases
   * @param quarantine the folder rejected batches are kept in
   */
  public record Sources(
      Supplier<Registry> registry,
      Supplier<RegistryStore> store,
      Supplier<RunStore> runs,
      Supplier<ModelRegistry> models,
      Supplier<Path> quarantine) {
    public Sources {
      requireNonNull(registry, "registry");
      requireNonNull(store, "store");
      requireNonNull(runs, "runs");
      requireNonNull(models, "models");
      requireNonNull(quarantine, "quarantine");
    }
  }

  public Dashboard(Sources sources, Duration sampleEvery) {
    this.sources = requireNonNull(sources, "sources");
    this.sampleEvery = requireNonNull(sampleEvery, "sampleEvery");
    if (sampleEvery.isZero() || sampleEvery.isNegative()) {
      throw new IllegalArgumentException("sampleEvery must be positive, was " + sampleEvery);
    }
  }

  /** The dashboard of a repository, sampling the server's meters every second. */
  public static Dashboard of(FeatureStore fs) {
    Models models = Models.of(fs);
    return new Dashboard(
        new Sources(
            fs::registry, fs::registryStore, models::runs, models::registry, () -> quarantine(fs)),
        Duration.ofSeconds(1));
  }

  /** Where {@link QualityGate} keeps rejected batches for this repository. */
  static Path quarantine(FeatureStore fs) {
    String p = System.getProperty(QualityGate.QUARANTINE_PROPERTY);
    Path dir = p == null || p.isBlank() ? Path.of("data", "quarantine") : Path.of(p);
    return fs.config().repoDir().resolve(dir);
  }

  @Override
  public synchronized void install(ServerBuilder sb, Context context) {
    if (routes != null) {
      throw new IllegalStateException("the dashboard is already installed in a server");
    }
    routes = new DashboardRoutes(sources, context, sampleEvery);
    routes.install(sb);
  }

  @Override
  public synchronized void close() {
    if (routes != null) {
      routes.close();
    }
  }
}
