package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.KairosException;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.store.redis.RedisOnlineStoreFactory;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server over a real Redis online store, with a Redis server this test starts on its own port,
 * kills and restarts, or freezes and resumes: lookups fail fast with UNAVAILABLE / 503 while it is
 * gone (within the store's timeout while it hangs) and succeed again, without restarting the
 * feature server, once it is back.
 */
class RedisOutageIT {
  private static final String RISK = RedisServing.RISK_REQUEST;
  private static final Duration FAIL_FAST = Duration.ofSeconds(3);
  private static final Duration OUTAGE = Duration.ofSeconds(4);
  private static final Duration RECOVERY = Duration.ofSeconds(3);

  private static int redisPort;
  private static Process redis;
  private static Path dir;
  private static OnlineStore store;
  private static KairosServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws IOException {
    redisPort = freePort();
    redis = startRedis(redisPort);
    dir = Files.createTempDirectory("kairos-outage");
    RedisOnlineStoreFactory factory = new RedisOnlineStoreFactory();
    StoreConfig config =
        StoreConfig.validate(
            "test: online_store",
            Map.of("url", "redis://127.0.0.1:" + redisPort + "/0", "timeout_ms", 1500),
            factory.options());
    store = factory.create(config, new StoreContext("shop", dir, TestData.CLOCK));
    writeRows(store);
    server = RedisServing.serve(store);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.stop();
    }
    if (store != null) {
      store.close();
    }
    if (redis != null) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (dir != null) {
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void lookups_failFastWhileRedisIsDown_andSucceedAgainWhenItReturns() throws Exception {
    assertServes();

    redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killed = System.nanoTime();

    HttpResponse<String> http =
        withinFailFast(() -> Http.post(server.port(), "/get-online-features", RISK));
    assertThat(http.statusCode()).isEqualTo(503);
    assertThat(http.body()).contains("\"kind\":\"UNAVAILABLE\"").contains("Redis at 127.0.0.1");
    assertGrpcUnavailableWithinFailFast();
    HttpResponse<String> ready = withinFailFast(() -> Http.get(server.port(), "/readyz"));
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("the online store is not reachable");

    // A long enough outage that reconnect backoff has grown (Lettuce's default reaches 30 s).
    Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - killed) / 1_000_000));
    redis = startRedis(redisPort);
    // Redis came back empty (--save ""): write the rows again through the server's own store,
    // which must reconnect and reload its write script by itself.
    long restarted = System.nanoTime();
    awaitUpTo(Duration.ofSeconds(30), () -> writeRows(store));
    // The read connection reconnects on its own schedule; poll until a lookup answers.
    long deadline = restarted + Duration.ofSeconds(30).toNanos();
    while (Http.post(server.port(), "/get-online-features", RISK).statusCode() != 200
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertServes();
    assertThat(Http.get(server.port(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(RECOVERY);
  }

  @Test
  void lookups_whileRedisHangs_failWithinTheTimeout_andSucceedOnceItResumes() throws Exception {
    assertServes();

    signal("STOP"); // the connection stays open but nothing answers: only the timeout can help
    try {
      long start = System.nanoTime();
      HttpResponse<String> http = Http.post(server.port(), "/get-online-features", RISK);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(http.statusCode()).isEqualTo(503);
      assertThat(http.body()).contains("\"kind\":\"UNAVAILABLE\"").contains("1500 ms");
      assertThat(took).isBetween(Duration.ofMillis(1400), FAIL_FAST);
      assertGrpcUnavailableWithinFailFast();
    } finally {
      signal("CONT");
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Http.post(server.port(), "/get-online-features", RISK).statusCode() != 200
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertServes();
  }

  private static void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(redis.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s redis-server", name).isZero();
  }

  @Test
  void aStoreCreatedWhileRedisIsDown_isRejectedAsUnavailable() {
    int port = freePort();
    RedisOnlineStoreFactory factory = new RedisOnlineStoreFactory();
    StoreConfig config =
        StoreConfig.validate(
            "test: online_store",
            Map.of("url", "redis://127.0.0.1:" + port + "/0", "timeout_ms", 300),
            factory.options());

    assertThatThrownBy(() -> factory.create(config, new StoreContext("shop", dir, TestData.CLOCK)))
        .isInstanceOfSatisfying(
            KairosException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(dev.kairos.api.ErrorKind.UNAVAILABLE);
              assertThat(e.getMessage())
                  .startsWith("cannot connect to Redis at 127.0.0.1:" + port + "/0 within 300 ms");
            });
  }

  private static void assertGrpcUnavailableWithinFailFast() {
    StatusRuntimeException grpc =
        withinFailFast(
            () -> {
              try {
                grpc();
                return null;
              } catch (StatusRuntimeException e) {
                return e;
              }
            });
    assertThat(grpc).as("the gRPC lookup fails").isNotNull();
    assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private static void assertServes() {
    HttpResponse<String> http = Http.post(server.port(), "/get-online-features", RISK);
    assertThat(http.statusCode()).isEqualTo(200);
    assertThat(http.body()).contains("0.1").contains("0.9").contains("\"PRESENT\"");
    GetOnlineFeaturesResponse r = grpc();
    assertThat(r.getResults(0).getValues(1).getValue().getDoubleValue()).isEqualTo(0.1);
    assertThat(r.getResults(1).getValues(1).getValue().getDoubleValue()).isEqualTo(0.9);
  }

  private static GetOnlineFeaturesResponse grpc() {
    return RedisServing.grpcRisk(channel);
  }

  private static void writeRows(OnlineStore target) {
    RedisServing.writeRiskRows(target);
  }

  private static <T> T withinFailFast(Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_FAST);
    return result;
  }

  private static void awaitUpTo(Duration limit, Runnable action) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        action.run();
        return;
      } catch (KairosException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("still failing after " + limit + ": " + e.getMessage(), e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private static Process startRedis(int port) throws IOException {
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answersPing(port)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return p;
  }

  private static boolean answersPing(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      return "+PONG".equals(in.readLine());
    } catch (IOException e) {
      return false;
    }
  }
}
