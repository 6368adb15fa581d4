package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import dev.kairos.store.redis.RedisOnlineStoreFactory;
import dev.kairos.testkit.RedisClusterProcesses;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server over a Redis online store on a real three-primary Redis Cluster this test starts: both
 * protocols answer from the cluster, and once the cluster is gone a lookup fails with 503 within
 * the store's timeout instead of hanging.
 */
class RedisClusterServingIT {
  private static RedisClusterProcesses cluster;
  private static Path dir;
  private static OnlineStore store;
  private static KairosServer server;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    cluster = RedisClusterProcesses.start(3);
    dir = Files.createTempDirectory("kairos-cluster-serving");
    RedisOnlineStoreFactory factory = new RedisOnlineStoreFactory();
    StoreConfig config =
        StoreConfig.validate(
            "test: online_store",
            Map.of("url", cluster.url(), "cluster", "true", "timeout_ms", 1500),
            factory.options());
    store = factory.create(config, new StoreContext("shop", dir, TestData.CLOCK));
    RedisServing.writeRiskRows(store);
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
    if (cluster != null) {
      cluster.close();
    }
    if (dir != null) {
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void servesFromTheCluster_overHttpAndGrpc_andAnswers503OnceItIsGone() throws Exception {
    assertThat(Http.get(server.port(), "/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> http =
        Http.post(server.port(), "/get-online-features", RedisServing.RISK_REQUEST);
    assertThat(http.statusCode()).isEqualTo(200);
    assertThat(http.body()).contains("0.1").contains("0.9").contains("\"PRESENT\"");
    GetOnlineFeaturesResponse grpc = RedisServing.grpcRisk(channel);
    assertThat(grpc.getResults(0).getValues(1).getValue().getDoubleValue()).isEqualTo(0.1);
    assertThat(grpc.getResults(1).getValues(1).getValue().getDoubleValue()).isEqualTo(0.9);

    cluster.close();

    long start = System.nanoTime();
    HttpResponse<String> down =
        Http.post(server.port(), "/get-online-features", RedisServing.RISK_REQUEST);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"kind\":\"UNAVAILABLE\"").contains("Redis Cluster at");
  }
}
