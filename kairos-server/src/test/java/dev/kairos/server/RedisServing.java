package dev.kairos.server;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.FeatureRefs;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.Value;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A feature server over a Redis online store, set up as {@code kairos serve} sets it up. */
final class RedisServing {
  /** user_risk:risk for users 1001 and 1002. */
  static final String RISK_REQUEST =
      "{\"features\":[\"user_risk:risk\"],\"entities\":{\"user_id\":[1001,1002]}}";

  private RedisServing() {}

  /** Starts a server on a free port reading {@code store}: asynchronously, on its I/O threads. */
  static KairosServer serve(OnlineStore store) {
    Definitions defs = TestData.definitions();
    return KairosServer.builder()
        .host("127.0.0.1")
        .port(0)
        .definitions(() -> defs)
        .reader(
            (Function<Definitions, OnlineFeatureReader>)
                d -> new OnlineServingEngine(() -> d, store, TestData.CLOCK, 100))
        .readiness(
            () -> {
              store.checkAvailable();
              return true;
            })
        .clock(TestData.CLOCK)
        .readMode(ReadMode.ASYNC) // as `kairos serve` reads Redis,
        .ioThreadsUser(store::useIoThreads) // on the server's own I/O threads
        .build()
        .start();
  }

  /** Writes risk 0.1 for user 1001 and 0.9 for user 1002, fresh. */
  static void writeRiskRows(OnlineStore target) {
    target.multiPut(
        TestData.definitions().requireView("user_risk"),
        List.of(
            new OnlineRow(EntityKey.of(1001L), new Object[] {0.1}, TestData.FRESH, null),
            new OnlineRow(EntityKey.of(1002L), new Object[] {0.9}, TestData.FRESH, null)));
  }

  /** user_risk:risk for users 1001 and 1002 over Kairos' gRPC API. */
  static GetOnlineFeaturesResponse grpcRisk(ManagedChannel channel) {
    EntityColumn ids =
        EntityColumn.newBuilder()
            .addValues(Value.newBuilder().setInt64Value(1001))
            .addValues(Value.newBuilder().setInt64Value(1002))
            .build();
    return KairosServingGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getOnlineFeatures(
            GetOnlineFeaturesRequest.newBuilder()
                .putEntities("user_id", ids)
                .setFeatures(FeatureRefs.newBuilder().addRefs("user_risk:risk"))
                .build());
  }
}
