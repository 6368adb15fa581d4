package dev.kairos.core;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.core.config.Configured;
import dev.kairos.core.config.RepoConfig;
import dev.kairos.core.definitions.DefinitionsLoader;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.core.offline.HistoricalResult;
import dev.kairos.core.offline.HistoricalRetrieval;
import dev.kairos.core.offline.IngestResult;
import dev.kairos.core.offline.Ingestor;
import dev.kairos.core.online.MaterializationSummary;
import dev.kairos.core.online.Materializer;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.core.registry.ApplyResult;
import dev.kairos.core.registry.Plan;
import dev.kairos.core.registry.Registry;
import dev.kairos.spi.OfflineStore;
import dev.kairos.spi.OfflineStoreFactory;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import dev.kairos.spi.RegistryStoreFactory;
import dev.kairos.spi.StoreContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A feature repository opened from its folder: everything the CLI does goes through here. Stores
 * are opened on first use, so reading definitions works while a database is down. Thread-safe.
 *
 * <pre>{@code
 * try (FeatureStore fs = FeatureStore.open(Path.of("demo-repo"))) {
 *   System.out.print(fs.plan().render());
 *   fs.apply(false);
 * }
 * }</pre>
 */
public final class FeatureStore implements AutoCloseable {
  private final RepoConfig config;
  private final Clock clock;
  private RegistryStore registryStore;
  private OfflineStore offlineStore;
  private OnlineStore onlineStore;
  private Registry registry;
  private boolean closed;

  private FeatureStore(RepoConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Opens the repository in {@code repoDir} with the system clock and environment. */
  public static FeatureStore open(Path repoDir) {
    return open(repoDir, Clock.systemUTC(), System.getenv());
  }

  /**
   * Opens the repository in {@code repoDir}.
   *
   * @param env the variables {@code ${...}} in {@code kairos.yaml} refer to
   * @throws KairosException USER when {@code kairos.yaml} is missing or invalid
   */
  public static FeatureStore open(Path repoDir, Clock clock, Map<String, String> env) {
    requireNonNull(clock, "clock");
    return new FeatureStore(RepoConfig.load(repoDir, env), clock);
  }

  public RepoConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** What every store of this repository receives: project, repository folder and clock. */
  public StoreContext storeContext() {
    return new StoreContext(config.project(), config.repoDir(), clock);
  }

  /**
   * Parses and validates the definition files (not the applied ones).
   *
   * @throws dev.kairos.core.definitions.DefinitionsException listing every problem
   */
  public Definitions loadDefinitions() {
    return DefinitionsLoader.load(config.repoDir(), config.project());
  }

  /** What {@link #apply} would change; changes nothing. */
  public Plan plan() {
    return registry().plan(loadDefinitions());
  }

  /** Validates the definition files and stores them as a new registry version if they changed. */
  public ApplyResult apply(boolean allowBreaking) {
    return registry().apply(loadDefinitions(), allowBreaking);
  }

  /**
   * The definitions of the latest applied registry version.
   *
   * @throws KairosException USER when nothing was applied yet
   */
  public Definitions definitions() {
    return registry()
        .current()
        .orElseThrow(() -> KairosException.user("no definitions applied yet; run kairos apply"));
  }

  /** Every applied version, oldest first. */
  public List<RegistryVersion> history() {
    return registry().history();
  }

  /** The registry of this repository, opened on first use. */
  public synchronized Registry registry() {
    if (registry == null) {
      registry = new Registry(registryStore(), config.project(), clock);
    }
    return registry;
  }

  /** The configured registry store, opened on first use; closed with this object. */
  public synchronized RegistryStore registryStore() {
    checkOpen();
    if (registryStore == null) {
      Configured<RegistryStoreFactory> c = config.registry().configure(RegistryStoreFactory.class);
      registryStore = c.factory().create(c.config(), storeContext());
    }
    return registryStore;
  }

  /**
   * Loads a CSV or Parquet file into a source's offline table, after every data-quality gate on the
   * class path admitted it. All or nothing.
   */
  public IngestResult ingest(String source, Path file) {
    return new Ingestor(
            offlineStore(),
            definitions(),
            config.repoDir(),
            registryStore(),
            clock,
            Ingestor.discoverGates())
        .ingest(source, file);
  }

  /** Builds a point-in-time correct training set; see {@link HistoricalRetrieval}. */
  public HistoricalResult historical(HistoricalRequest request) {
    return new HistoricalRetrieval(offlineStore(), definitions(), clock).run(request);
  }

  /** Copies the latest rows with {@code start <= event_ts <= end} into the online store. */
  public MaterializationSummary materialize(
      Instant start, Instant end, List<String> views, ProgressListener listener) {
    return materializer().materialize(start, end, views, listener);
  }

  /** Materializes each view from its stored watermark up to {@code end}. */
  public MaterializationSummary materializeIncremental(
      Instant end, List<String> views, ProgressListener listener) {
    return materializer().materializeIncremental(end, views, listener);
  }

  /** The materialization engine over this repository's stores. */
  public Materializer materializer() {
    return new Materializer(definitions(), offlineStore(), onlineStore(), registryStore(), clock);
  }

  /**
   * The online read path over the configured online store. Definitions are re-read from the
   * registry on every call of the returned reader's supplier, so pass a cached supplier on hot
   * paths.
   */
  public OnlineServingEngine onlineReader() {
    Definitions current = definitions();
    return new OnlineServingEngine(
        () -> current, onlineStore(), clock, config.server().maxEntities());
  }

  /** The configured offline store, opened on first use; closed with this object. */
  public synchronized OfflineStore offlineStore() {
    checkOpen();
    if (offlineStore == null) {
      Configured<OfflineStoreFactory> c =
          config.offlineStore().configure(OfflineStoreFactory.class);
      offlineStore = c.factory().create(c.config(), storeContext());
    }
    return offlineStore;
  }

  /** The configured online store, opened on first use; closed with this object. */
  public synchronized OnlineStore onlineStore() {
    checkOpen();
    if (onlineStore == null) {
      Configured<OnlineStoreFactory> c = config.onlineStore().configure(OnlineStoreFactory.class);
      onlineStore = c.factory().create(c.config(), storeContext());
    }
    return onlineStore;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this FeatureStore is closed");
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (offlineStore != null) {
      offlineStore.close();
      offlineStore = null;
    }
    if (onlineStore != null) {
      onlineStore.close();
      onlineStore = null;
    }
    if (registryStore != null) {
      registryStore.close();
      registryStore = null;
      registry = null;
    }
  }
}
