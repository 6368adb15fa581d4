package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.ValueType;
import feast.proto.serving.ServingAPIProto;
import feast.proto.serving.ServingServiceGrpc;
import feast.proto.types.ValueProto;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerLifecycleIT {
  private static final String AGE =
      "{\"features\":[\"user_stats:age\"],\"entities\":{\"user_id\":[1001]}}";
  private KairosServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private KairosServer start(
      java.util.function.Supplier<Definitions> defs,
      java.util.function.Function<Definitions, OnlineFeatureReader> reader,
      BooleanSupplier readiness) {
    server =
        KairosServer.builder()
            .host("127.0.0.1")
            .port(0)
            .reader(reader)
            .definitions(defs)
            .readiness(readiness)
            .clock(TestData.CLOCK)
            .reloadInterval(Duration.ofMillis(100))
            .build()
            .start();
    return server;
  }

  @Test
  void ioThreadsUser_getsTheLoopsThatServeRequests_andIsReleasedBeforeTheyStop() throws Exception {
    Definitions defs = TestData.definitions();
    AtomicReference<EventLoopGroup> given = new AtomicReference<>();
    AtomicReference<String> servedOn = new AtomicReference<>();
    AtomicBoolean loopsAliveAtRelease = new AtomicBoolean(false);
    OnlineFeatureReader inner = TestData.reader(defs);
    server =
        KairosServer.builder()
            .host("127.0.0.1")
            .port(0)
            .workerThreads(2)
            .readMode(ReadMode.INLINE)
            .definitions(() -> defs)
            .reader(
                (OnlineFeatureReader)
                    request -> {
                      servedOn.set(Thread.currentThread().getName());
                      return inner.get(request);
                    })
            .clock(TestData.CLOCK)
            .ioThreadsUser(
                threads -> {
                  given.set((EventLoopGroup) threads);
                  return () -> loopsAliveAtRelease.set(!given.get().isShuttingDown());
                })
            .build()
            .start();

    HttpResponse<String> answer = Http.post(server.port(), "/get-online-features", AGE);
    List<String> loopThreads = new ArrayList<>();
    for (EventExecutor loop : given.get()) {
      loopThreads.add(loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
    }
    server.stop();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(loopThreads).hasSize(2).contains(servedOn.get());
    assertThat(loopsAliveAtRelease).as("released while the loops still ran").isTrue();
    assertThat(given.get().isTerminated()).as("loops stopped with the server").isTrue();
  }

  @Test
  void readyz_is503UntilTheStoreIsReachable_then200() {
    Definitions defs = TestData.definitions();
    AtomicBoolean storeUp = new AtomicBoolean(false);
    int port = start(() -> defs, TestData::reader, storeUp::get).port();

    HttpResponse<String> before = Http.get(port, "/readyz");
    storeUp.set(true);
    HttpResponse<String> after = Http.get(port, "/readyz");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body())
        .isEqualTo(
            "{\"error\":\"not ready: the online store is not reachable\","
                + "\"kind\":\"UNAVAILABLE\",\"status\":503}");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("{\"status\":\"READY\"}");
  }

  @Test
  void aRegistryThatCannotBeLoaded_leavesTheServerUnready_andRequestsUnavailable_untilItLoads()
      throws InterruptedException {
    Definitions defs = TestData.definitions();
    AtomicBoolean registryUp = new AtomicBoolean(false);
    int port =
        start(
                () -> {
                  if (!registryUp.get()) {
                    throw KairosException.unavailable("registry database is down", null);
                  }
                  return defs;
                },
                TestData::reader,
                () -> true)
            .port();

    HttpResponse<String> ready = Http.get(port, "/readyz");
    HttpResponse<String> read = Http.post(port, "/get-online-features", AGE);
    registryUp.set(true);

    assertThat(ready.body())
        .contains("not ready: the registry is not loaded yet (registry database is down)");
    assertThat(read.statusCode()).isEqualTo(503);
    assertThat(read.body())
        .contains(
            "the registry has not been loaded yet (last attempt: registry database is down);"
                + " retry shortly");
    awaitStatus(port, "/readyz", 200);
    assertThat(Http.post(port, "/get-online-features", AGE).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnavailableStore_is503OverHttp_andUnavailableOverGrpc() {
    Definitions defs = TestData.definitions();
    OnlineFeatureReader down =
        q -> {
          throw KairosException.unavailable(
              "online store redis://127.0.0.1:1 did not answer within 200 ms", null);
        };
    int port = start(() -> defs, d -> down, () -> true).port();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      HttpResponse<String> http = Http.post(port, "/get-online-features", AGE);
      var request =
          ServingAPIProto.GetOnlineFeaturesRequest.newBuilder()
              .setFeatures(ServingAPIProto.FeatureList.newBuilder().addVal("user_stats:age"))
              .putEntities(
                  "user_id",
                  ValueProto.RepeatedValue.newBuilder()
                      .addVal(ValueProto.Value.newBuilder().setInt64Val(1001))
                      .build())
              .build();

      assertThat(http.statusCode()).isEqualTo(503);
      assertThat(http.body())
          .isEqualTo(
              "{\"error\":\"online store redis://127.0.0.1:1 did not answer within 200 ms\","
                  + "\"kind\":\"UNAVAILABLE\",\"status\":503}");
      assertThatThrownBy(
              () -> ServingServiceGrpc.newBlockingStub(channel).getOnlineFeatures(request))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription())
                    .isEqualTo("online store redis://127.0.0.1:1 did not answer within 200 ms");
              });
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void stop_drainsAnInFlightRequest_thenRefusesConnections() throws Exception {
    Definitions defs = TestData.definitions();
    CountDownLatch entered = new CountDownLatch(1);
    OnlineFeatureReader real = TestData.reader(defs);
    OnlineFeatureReader slow =
        q -> {
          entered.countDown();
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return real.get(q);
        };
    int port = start(() -> defs, d -> slow, () -> true).port();

    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(() -> Http.post(port, "/get-online-features", AGE));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    server.stop();
    server = null;

    HttpResponse<String> drained = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(drained.statusCode()).isEqualTo(200);
    assertThat(drained.body()).contains("\"values\":[36]");
    assertThatThrownBy(() -> Http.get(port, "/healthz"))
        .hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void hotReload_servesANewFeatureWithinSeconds_withoutRestart() throws Exception {
    AtomicReference<Definitions> registry = new AtomicReference<>(TestData.definitions());
    int port = start(registry::get, TestData::reader, () -> true).port();
    String body = "{\"features\":[\"user_stats:churn\"],\"entities\":{\"user_id\":[1001]}}";

    HttpResponse<String> before = Http.post(port, "/get-online-features", body);
    registry.set(TestData.definitions(List.of(new Field("churn", ValueType.DOUBLE))));

    assertThat(before.statusCode()).isEqualTo(400);
    HttpResponse<String> after = awaitStatus(port, body, 200);
    assertThat(after.body())
        .contains("\"feature_names\":[\"user_id\",\"churn\"]")
        .contains("\"statuses\":[\"NULL_VALUE\"]");
  }

  @Test
  void hotReload_neverServesAHalfAppliedRegistry() throws Exception {
    Definitions a = withScoring(TestData.definitions(), "user_stats:age", "user_stats:score");
    Definitions b = withScoring(TestData.definitions(), "user_stats:name", "user_stats:visits");
    AtomicReference<Definitions> registry = new AtomicReference<>(a);
    int port = start(registry::get, TestData::reader, () -> true).port();
    List<String> bodies = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    int i = 0;
    while (System.nanoTime() < deadline) {
      registry.set(i++ % 2 == 0 ? b : a);
      bodies.add(Http.get(port, "/v1/features/scoring?user_id=1001").body());
    }

    assertThat(bodies)
        .allSatisfy(
            json ->
                assertThat(json)
                    .satisfiesAnyOf(
                        j ->
                            assertThat(j)
                                .startsWith(
                                    "{\"names\":[\"user_id\",\"age\",\"score\"],"
                                        + "\"types\":[\"INT64\",\"INT32\",\"DOUBLE\"]")
                                .contains("\"values\":[1001,36,0.75]"),
                        j ->
                            assertThat(j)
                                .startsWith(
                                    "{\"names\":[\"user_id\",\"name\",\"visits\"],"
                                        + "\"types\":[\"INT64\",\"STRING\",\"INT64\"]")
                                .contains("\"values\":[1001,\"Ada\",12]")));
    assertThat(bodies).anyMatch(j -> j.contains("\"age\"")).anyMatch(j -> j.contains("\"visits\""));
  }

  private static Definitions withScoring(Definitions d, String... refs) {
    List<FeatureRef> features = new ArrayList<>();
    for (String r : refs) {
      features.add(FeatureRef.parse(r));
    }
    return new Definitions(
        d.project(),
        d.entities(),
        d.sources(),
        d.views(),
        List.of(new FeatureService("scoring", features, "")));
  }

  /** Polls (a GET path, or a Feast JSON body to POST) until the status arrives, at most 5 s. */
  private static HttpResponse<String> awaitStatus(int port, String pathOrBody, int status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    HttpResponse<String> r;
    do {
      r =
          pathOrBody.startsWith("/")
              ? Http.get(port, pathOrBody)
              : Http.post(port, "/get-online-features", pathOrBody);
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still " + r.statusCode() + " after 5 s: " + r.body());
  }
}
