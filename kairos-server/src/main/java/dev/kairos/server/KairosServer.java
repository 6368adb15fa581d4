package dev.kairos.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.util.EventLoopGroups;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.healthcheck.SettableHealthChecker;
import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.analytics.AnalyticsReader;
import dev.kairos.api.monitor.FeatureLogger;
import dev.kairos.api.monitor.SkewChecker;
import dev.kairos.api.monitor.SkewHistory;
import dev.kairos.api.predict.Predictor;
import dev.kairos.server.internal.AgentHandler;
import dev.kairos.server.internal.AnalyticsHandler;
import dev.kairos.server.internal.HttpHandlers;
import dev.kairos.server.internal.PredictExecutor;
import dev.kairos.server.internal.QueryExecutor;
import dev.kairos.server.internal.RegistryWatcher;
import dev.kairos.server.internal.Routes;
import dev.kairos.server.internal.ServedLogging;
import dev.kairos.server.internal.ServerMetrics;
import dev.kairos.server.internal.SkewCheckHandler;
import dev.kairos.server.internal.SkewHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kairos feature server: gRPC and HTTP on one port.
 *
 * <ul>
 *   <li>gRPC {@code kairos.serving.v1.KairosServing} (Kairos' API), {@code
 *       feast.serving.ServingService} (Feast's, for Feast clients unchanged) and {@code
 *       grpc.health.v1.Health} (SERVING once ready);
 *   <li>HTTP {@code POST /get-online-features} (Feast's JSON), {@code GET
 *       /v1/features/{service}?join_key=value...}, {@code POST /v1/predict/{model}}, {@code GET
 *       /v1/analytics/{view}} (read-only analytics views), {@code GET /v1/skew} (stored skew
 *       checks, see {@link Builder#skewHistory}), {@code POST /v1/skew/check} (runs one, see {@link
 *       Builder#skewChecker}), {@code POST /v1/agent/ask} (the risk agent, when one is configured),
 *       {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics} (Prometheus).
 * </ul>
 *
 * <p><b>Predictions.</b> With a {@link Builder#predictor predictor}, gRPC {@code
 * KairosServing/Predict} and HTTP {@code POST /v1/predict/{model}} score a batch of transactions
 * with the version an alias points to ({@code champion} unless the request names one): per row the
 * probability, the decision against the version's threshold, the features the model read and the
 * top contributions (5 unless the request says; 0 = all). They run on the blocking-task pool, as
 * the predictor may wait on the online store. Without a predictor they answer NOT_FOUND / 404.
 * {@code /readyz} lists the models served and the versions that failed to load; a model problem
 * never makes the server unready, as the previous version keeps serving.
 *
 * <p><b>Registry hot reload.</b> The server polls its definitions source every {@link
 * Builder#reloadInterval reload interval}; when the definitions differ it builds a reader for them
 * and swaps both in at once. A request runs entirely against the version it started with. A failed
 * poll keeps the previous version.
 *
 * <p><b>Errors.</b> A malformed request is rejected whole: INVALID_ARGUMENT / HTTP 400 with a
 * message naming the offending item. Error kinds map to statuses in one place: USER → 400 /
 * INVALID_ARGUMENT, NOT_FOUND → 404 / NOT_FOUND, UNAVAILABLE → 503 / UNAVAILABLE, CONFLICT → 409 /
 * ABORTED, INTERNAL → 500 / INTERNAL. The REST resource answers 404 for an unknown service in its
 * path; the other endpoints treat unknown services and features as malformed requests (400).
 *
 * <p><b>Shutdown.</b> {@link #stop()} turns readiness off, stops accepting requests, drains the
 * ones in flight (up to the drain timeout) and releases the port.
 */
public final class KairosServer implements AutoCloseable {
  /** Feast's default port. */
  public static final int DEFAULT_PORT = 6566;

  /** Entity rows one request may ask for unless {@link Builder#maxEntityRows} says otherwise. */
  public static final int DEFAULT_MAX_ENTITY_ROWS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(KairosServer.class);

  private final Server server;
  private final RegistryWatcher registry;
  private final BooleanSupplier readiness;
  private final SettableHealthChecker grpcHealth = new SettableHealthChecker(false);
  private final PrometheusMeterRegistry meters;
  private final EventLoopGroup ioThreads;
  private final Function<ScheduledExecutorService, AutoCloseable> ioThreadsUser;
  private AutoCloseable ioThreadsUse;
  private volatile boolean stopping;
  private final ServedLogging logging;
  private final List<ServerExtension> extensions;

  private KairosServer(Builder b) {
    this.meters =
        b.meterRegistry != null
            ? b.meterRegistry
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerMetrics metrics = new ServerMetrics(meters);
    this.registry =
        new RegistryWatcher(b.definitions, b.readers, b.reloadInterval, b.clock, metrics);
    this.readiness = b.readiness;
    this.ioThreads = EventLoopGroups.newEventLoopGroup(b.workerThreads);
    this.ioThreadsUser = b.ioThreadsUser;
    this.logging = new ServedLogging(b.featureLogger, b.clock, meters);
    QueryExecutor executor =
        new QueryExecutor(registry, metrics, b.maxEntityRows, b.readMode, logging);
    PredictExecutor predictions = new PredictExecutor(b.predictor, metrics, b.readMode, logging);
    HttpHandlers http =
        new HttpHandlers(executor, predictions, this::isReady, this::notReadyReason, meters);
    ServerBuilder sb =
        Server.builder()
            .http(new InetSocketAddress(b.host, b.port))
            .workerGroup(ioThreads, false)
            .requestTimeout(b.requestTimeout)
            .meterRegistry(meters)
            .gracefulShutdownTimeout(b.drainQuietPeriod, b.drainTimeout);
    Routes.install(
        sb,
        executor,
        predictions,
        registry,
        grpcHealth,
        http,
        new AnalyticsHandler(b.analytics, metrics),
        b.version);
    AgentHandler.install(sb, b.agent, b.agentTimeout, metrics);
    sb.route().get("/v1/skew").build(new SkewHandler(b.skewHistory, metrics).service());
    SkewCheckHandler.install(sb, b.skewChecker, b.clock, b.skewCheckTimeout, metrics);
    this.extensions = List.copyOf(b.extensions);
    ServerExtension.Context context =
        new ServerExtension.Context(
            meters,
            b.clock,
            b.analytics != null,
            b.predictor != null,
            b.skewHistory != null,
            b.skewChecker != null,
            b.agent != null);
    extensions.forEach(e -> e.install(sb, context));
    this.server = sb.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the registry (a failure leaves the server running but not ready until a later poll
   * succeeds), binds the port and starts serving.
   *
   * @return this server
   * @throws KairosException UNAVAILABLE when the port cannot be bound
   */
  public KairosServer start() {
    if (ioThreadsUser != null) {
      ioThreadsUse = ioThreadsUser.apply(ioThreads);
    }
    registry.start(this::updateHealth);
    try {
      server.start().join();
    } catch (CompletionException e) {
      extensions.forEach(ServerExtension::close);
      registry.close();
      releaseIoThreads();
      throw KairosException.unavailable(
          "cannot start the feature server on " + server.config().ports() + ": " + e.getCause(),
          e.getCause());
    }
    updateHealth();
    return this;
  }

  /** The port the server listens on (the actual one when it was built with port 0). */
  public int port() {
    return server.activeLocalPort();
  }

  /**
   * True when the registry is loaded, the readiness check passes and the server is not stopping.
   */
  public boolean isReady() {
    return notReadyReason() == null;
  }

  private String notReadyReason() {
    if (stopping) {
      return "the server is shutting down";
    }
    if (!registry.loaded()) {
      return "the registry is not loaded yet (" + registry.lastError() + ")";
    }
    try {
      return readiness.getAsBoolean() ? null : "the online store is not reachable";
    } catch (RuntimeException e) {
      return "the online store is not reachable: " + e.getMessage();
    }
  }

  private void updateHealth() {
    grpcHealth.setHealthy(isReady());
  }

  /** The meters the server records, as exposed on {@code /metrics}. */
  public PrometheusMeterRegistry meterRegistry() {
    return meters;
  }

  /** Stops gracefully: readiness off, drain in-flight requests, release the port. */
  public void stop() {
    stopping = true;
    updateHealth();
    server.stop().join();
    logging.close();
    extensions.forEach(ServerExtension::close);
    registry.close();
    releaseIoThreads();
  }

  private synchronized void releaseIoThreads() {
    if (ioThreadsUse != null) {
      try {
        ioThreadsUse.close();
      } catch (Exception e) {
        LOG.warn("releasing the I/O threads failed: {}", e.toString());
      }
      ioThreadsUse = null;
    }
    ioThreads.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop();
  }

  /** Configures a {@link KairosServer}; {@link #reader} and {@link #definitions} are required. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private Function<Definitions, OnlineFeatureReader> readers;
    private Supplier<Definitions> definitions;
    private BooleanSupplier readiness = () -> true;
    private Clock clock = Clock.systemUTC();
    private Duration reloadInterval = Duration.ofSeconds(1);
    private int maxEntityRows = DEFAULT_MAX_ENTITY_ROWS;
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration drainQuietPeriod = Duration.ofMillis(100);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private PrometheusMeterRegistry meterRegistry;
    private String version = "kairos-0.1.0";
    private ReadMode readMode = ReadMode.BLOCKING_POOL;
    private int workerThreads = Runtime.getRuntime().availableProcessors();
    private Function<ScheduledExecutorService, AutoCloseable> ioThreadsUser;
    private Predictor predictor;
    private AnalyticsReader analytics;
    private RiskAgent agent;
    private Duration agentTimeout = Duration.ofSeconds(120);
    private FeatureLogger featureLogger;
    private SkewHistory skewHistory;
    private SkewChecker skewChecker;
    private Duration skewCheckTimeout = Duration.ofMinutes(10);
    private final List<ServerExtension> extensions = new ArrayList<>();

    private Builder() {}

    /** The address to bind; default {@code 0.0.0.0}. */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** The port for gRPC and HTTP; default {@value #DEFAULT_PORT}; 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** One reader for every registry version (it follows the registry by itself). */
    public Builder reader(OnlineFeatureReader reader) {
      requireNonNull(reader, "reader");
      this.readers = defs -> reader;
      return this;
    }

    /** Builds a reader per registry version, swapped in together with its definitions. */
    public Builder reader(Function<Definitions, OnlineFeatureReader> readerFactory) {
      this.readers = requireNonNull(readerFactory, "readerFactory");
      return this;
    }

    /** Where the definitions come from; polled every {@link #reloadInterval}. */
    public Builder definitions(Supplier<Definitions> source) {
      this.definitions = requireNonNull(source, "source");
      return this;
    }

    /** True when the online store answers; {@code /readyz} and gRPC health consult it. */
    public Builder readiness(BooleanSupplier check) {
      this.readiness = requireNonNull(check, "check");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How often the registry is polled; default 1 s. */
    public Builder reloadInterval(Duration interval) {
      this.reloadInterval = positive(interval, "reloadInterval");
      return this;
    }

    /** Entity rows one request may ask for; default {@value #DEFAULT_MAX_ENTITY_ROWS}. */
    public Builder maxEntityRows(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxEntityRows must be at least 1, was " + max);
      }
      this.maxEntityRows = max;
      return this;
    }

    /** A request still running after this fails (HTTP 503); default 5 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Graceful shutdown: wait until no request arrived for {@code quietPeriod}, at most {@code
     * timeout}; in-flight requests finish meanwhile. Default 100 ms and 10 s.
     */
    public Builder drain(Duration quietPeriod, Duration timeout) {
      requireNonNull(quietPeriod, "quietPeriod");
      positive(timeout, "timeout");
      if (quietPeriod.compareTo(timeout) > 0) {
        throw new IllegalArgumentException(
            "drain quiet period " + quietPeriod + " exceeds the drain timeout " + timeout);
      }
      this.drainQuietPeriod = quietPeriod;
      this.drainTimeout = timeout;
      return this;
    }

    /** Where meters are recorded; default a new Prometheus registry. */
    public Builder meterRegistry(PrometheusMeterRegistry registry) {
      this.meterRegistry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where requests are read and encoded (see {@link ReadMode}); default {@link
     * ReadMode#BLOCKING_POOL}, the safe choice for a reader that may block on a network.
     */
    public Builder readMode(ReadMode mode) {
      this.readMode = requireNonNull(mode, "mode");
      return this;
    }

    /**
     * I/O threads (event loops) serving connections; default one per core, as a request costs
     * microseconds of CPU and more threads than cores only add context switches.
     */
    public Builder workerThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("workerThreads must be at least 1, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * Given the server's I/O threads when it starts (e.g. {@code OnlineStore::useIoThreads}, so an
     * asynchronous store's reads complete on the thread that received the request); the handle it
     * returns is closed when the server stops, before the threads stop.
     */
    public Builder ioThreadsUser(Function<ScheduledExecutorService, AutoCloseable> user) {
      this.ioThreadsUser = requireNonNull(user, "user");
      return this;
    }

    /**
     * Scores transactions for {@code Predict} and {@code /v1/predict/{model}}, and reports the
     * models served on {@code /readyz}; optional (without it no models are served).
     */
    /**
     * Serves the analytics views read-only at {@code GET /v1/analytics/{view}}; without it they
     * answer 404 saying how to set them up.
     */
    public Builder analytics(AnalyticsReader analytics) {
      this.analytics = requireNonNull(analytics, "analytics");
      return this;
    }

    /**
     * Answers {@code POST /v1/agent/ask} with the risk agent; a question may take up to {@code
     * timeout} (several model calls). Without an agent the route answers 404 saying how to
     * configure one.
     */
    public Builder agent(RiskAgent agent, Duration timeout) {
      this.agent = requireNonNull(agent, "agent");
      this.agentTimeout = positive(timeout, "timeout");
      return this;
    }

    public Builder predictor(Predictor predictor) {
      this.predictor = requireNonNull(predictor, "predictor");
      return this;
    }

    /**
     * Logs what feature-service requests and predictions served (see docs/skew.md); the server
     * closes it, flushing its queue, after the last request drained on {@link #stop()}. Its
     * counters appear on {@code /metrics} as {@code kairos_feature_log_*}. Optional.
     */
    public Builder featureLogger(FeatureLogger logger) {
      this.featureLogger = requireNonNull(logger, "logger");
      return this;
    }

    /** Serves the stored skew checks at {@code GET /v1/skew}; without it that answers 404. */
    public Builder skewHistory(SkewHistory history) {
      this.skewHistory = requireNonNull(history, "history");
      return this;
    }

    /**
     * Runs skew checks at {@code POST /v1/skew/check}, one at a time, each within {@code timeout};
     * without it that answers 404. Optional.
     */
    public Builder skewChecker(SkewChecker checker, Duration timeout) {
      this.skewChecker = requireNonNull(checker, "checker");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.skewCheckTimeout = timeout;
      return this;
    }

    /**
     * Adds routes (e.g. the dashboard) installed when the server is built and closed after it
     * stopped; see {@link ServerExtension}.
     */
    public Builder extension(ServerExtension extension) {
      this.extensions.add(requireNonNull(extension, "extension"));
      return this;
    }

    /** The version {@code GetFeastServingInfo} reports. */
    public Builder version(String version) {
      this.version = requireNonNull(version, "version");
      return this;
    }

    public KairosServer build() {
      if (readers == null) {
        throw new IllegalStateException("reader is not set: call reader(...) before build()");
      }
      if (definitions == null) {
        throw new IllegalStateException(
            "definitions are not set: call definitions(...) before build()");
      }
      return new KairosServer(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
