package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.healthcheck.SettableHealthChecker;

/** The server's gRPC services and HTTP routes, all on one port. */
public final class Routes {
  private Routes() {}

  /** Adds every gRPC service (failures mapped by {@link ErrorMapping}) and HTTP route. */
  public static void install(
      ServerBuilder sb,
      QueryExecutor executor,
      PredictExecutor predictions,
      RegistryWatcher registry,
      SettableHealthChecker grpcHealth,
      HttpHandlers http,
      AnalyticsHandler analytics,
      String version) {
    GrpcService grpc =
        GrpcService.builder()
            .addService(new KairosServingService(executor, registry, predictions))
            .addService(new FeastServingService(executor, version))
            .addService(GrpcHealthCheckService.builder().checkers(grpcHealth).build())
            // Calls start on the I/O thread; QueryExecutor moves reads where the read mode says,
            // PredictExecutor to the blocking-task pool.
            .useBlockingTaskExecutor(false)
            .exceptionHandler(new ErrorMapping())
            .build();
    sb.service(grpc);
    sb.route().post("/get-online-features").build(http.feastGetOnlineFeatures());
    sb.route().get("/v1/features/{service}").build(http.restFeatures());
    sb.route().post("/v1/predict/{model}").build(http.predict());
    sb.route().get("/v1/analytics/{view}").build(analytics.service());
    sb.route().get("/healthz").build(http.healthz());
    sb.route().get("/readyz").build(http.readyz());
    sb.route().get("/metrics").build(http.metrics());
  }
}
