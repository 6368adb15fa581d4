package dev.kairos.ui.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import dev.kairos.api.Definitions;
import dev.kairos.server.ServerExtension;
import dev.kairos.ui.Dashboard;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dashboard's routes and its sampling thread. */
public final class DashboardRoutes implements AutoCloseable {
  /** Where the pages are in the jar. */
  static final String STATIC = "dev/kairos/ui/static";

  /** Where the uPlot WebJar keeps its files (the version is the one in the parent pom). */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

  private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);

  private final Dashboard.Sources sources;
  private final ServerExtension.Context context;
  private final Duration sampleEvery;
  private final MetricsHistory history;
  private ScheduledExecutorService sampler;

  public DashboardRoutes(
      Dashboard.Sources sources, ServerExtension.Context context, Duration sampleEvery) {
    this.sources = sources;
    this.context = context;
    this.sampleEvery = sampleEvery;
    this.history = new MetricsHistory(context.meters(), context.clock());
  }

  public void install(ServerBuilder sb) {
    ClassLoader cl = DashboardRoutes.class.getClassLoader();
    sb.route().get("/").build((ctx, req) -> HttpResponse.ofRedirect("/ui/"));
    sb.route().get("/ui").build((ctx, req) -> HttpResponse.ofRedirect("/ui/"));
    sb.serviceUnder("/ui/vendor/uplot/", FileService.builder(cl, UPLOT).build());
    sb.serviceUnder(
        "/ui/",
        FileService.builder(cl, STATIC)
            .cacheControl("no-cache")
            .build()
            .orElse(FileService.of(cl, STATIC + "/index.html")));
    Supplier<Optional<Definitions>> definitions = () -> sources.registry().get().current();
    sb.route().get(ServingApi.PATH).build(ServingApi.service(history, context.clock()));
    sb.route().get(RegistryApi.PATH).build(RegistryApi.registry(sources.registry()));
    sb.route().get(RegistryApi.DIFF_PATH).build(RegistryApi.diff(sources.registry()));
    sb.route()
        .get(FreshnessApi.PATH)
        .build(
            FreshnessApi.service(definitions, sources.store(), context.meters(), context.clock()));
    sb.route()
        .get(QualityApi.PATH)
        .build(QualityApi.service(definitions, sources.store(), sources.quarantine()));
    sb.route().get(ModelsApi.PATH).build(ModelsApi.models(sources.runs(), sources.models()));
    sb.route().get("/v1/ui/runs/{id}/plots/{name}").build(ModelsApi.plot(sources.runs()));
    sb.route().get("/v1/ui/capabilities").build(capabilities());
    start();
  }

  private com.linecorp.armeria.server.HttpService capabilities() {
    return Api.json(
        ctx -> {
          Params.check(ctx.queryParams(), "/v1/ui/capabilities", List.of());
          ObjectNode o = Api.JSON.createObjectNode();
          o.put("analytics", context.analytics())
              .put("predict", context.predict())
              .put("skew", context.skew())
              .put("skew_check", context.skewCheck())
              .put("agent", context.agent());
          return o;
        });
  }

  private synchronized void start() {
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kairos-ui-metrics");
              t.setDaemon(true);
              return t;
            });
    long every = sampleEvery.toMillis();
    sampler.scheduleAtFixedRate(this::sample, every, every, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      history.sample();
    } catch (RuntimeException e) {
      // One bad sample must not stop the history; the next second tries again.
      LOG.warn("sampling the serving metrics failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
  }
}
