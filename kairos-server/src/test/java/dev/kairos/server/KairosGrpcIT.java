package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.EntityResult;
import dev.kairos.proto.v1.FeatureRefs;
import dev.kairos.proto.v1.FieldStatus;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.ListRegistryRequest;
import dev.kairos.proto.v1.ListRegistryResponse;
import dev.kairos.proto.v1.Value;
import dev.kairos.proto.v1.ValueType;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KairosGrpcIT {
  static KairosServer server;
  static ManagedChannel channel;
  static KairosServingGrpc.KairosServingBlockingStub stub;

  @BeforeAll
  static void start() {
    startServer(ReadMode.BLOCKING_POOL);
  }

  static void startServer(ReadMode mode) {
    server = TestData.server(mode);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    stub = KairosServingGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  private static GetOnlineFeaturesRequest.Builder users(long... ids) {
    EntityColumn.Builder col = EntityColumn.newBuilder();
    for (long id : ids) {
      col.addValues(Value.newBuilder().setInt64Value(id));
    }
    return GetOnlineFeaturesRequest.newBuilder().putEntities("user_id", col.build());
  }

  @Test
  void getOnlineFeatures_byService_returnsOneTypedRowPerEntity() {
    GetOnlineFeaturesResponse r =
        stub.getOnlineFeatures(users(1001, 1004).setFeatureService("scoring").build());

    assertThat(r.getNamesList()).containsExactly("user_id", "age", "score", "risk");
    assertThat(r.getTypesList())
        .containsExactly(ValueType.INT64, ValueType.INT32, ValueType.DOUBLE, ValueType.DOUBLE);
    EntityResult ada = r.getResults(0);
    assertThat(ada.getValues(0).getValue().getInt64Value()).isEqualTo(1001);
    assertThat(ada.getValues(1).getValue().getInt32Value()).isEqualTo(36);
    assertThat(ada.getValues(1).getStatus()).isEqualTo(FieldStatus.PRESENT);
    assertThat(ada.getValues(1).getEventTimestamp())
        .isEqualTo(Timestamp.newBuilder().setSeconds(TestData.FRESH.getEpochSecond()).build());
    EntityResult unknown = r.getResults(1);
    assertThat(unknown.getValues(2).getStatus()).isEqualTo(FieldStatus.NOT_FOUND);
    assertThat(unknown.getValues(2).hasEventTimestamp()).isFalse();
    assertThat(unknown.getValues(2).getValue().getKindCase())
        .isEqualTo(Value.KindCase.KIND_NOT_SET);
  }

  @Test
  void getOnlineFeatures_withFullNames_convertsEveryValueType() {
    GetOnlineFeaturesResponse r =
        stub.getOnlineFeatures(
            users(1001)
                .setFeatures(
                    FeatureRefs.newBuilder()
                        .addAllRefs(
                            List.of(
                                "user_stats:ratio",
                                "user_stats:name",
                                "user_stats:active",
                                "user_stats:tags",
                                "user_stats:last_seen")))
                .setFullFeatureNames(true)
                .build());

    assertThat(r.getNamesList())
        .containsExactly(
            "user_id",
            "user_stats__ratio",
            "user_stats__name",
            "user_stats__active",
            "user_stats__tags",
            "user_stats__last_seen");
    List<dev.kairos.proto.v1.FeatureValue> v = r.getResults(0).getValuesList();
    assertThat(v.get(1).getValue().getFloatValue()).isEqualTo(0.5f);
    assertThat(v.get(2).getValue().getStringValue()).isEqualTo("Ada");
    assertThat(v.get(3).getValue().getBoolValue()).isTrue();
    assertThat(v.get(4).getValue().getStringList().getValuesList()).containsExactly("vip", "early");
    assertThat(v.get(5).getValue().getTimestampValue().getSeconds())
        .isEqualTo(java.time.Instant.parse("2026-11-01T10:30:00Z").getEpochSecond());
  }

  @Test
  void getOnlineFeatures_rejectsAStringForAnInt64Key_withInvalidArgument() {
    GetOnlineFeaturesRequest request =
        GetOnlineFeaturesRequest.newBuilder()
            .setFeatureService("scoring")
            .putEntities(
                "user_id",
                EntityColumn.newBuilder()
                    .addValues(Value.newBuilder().setStringValue("ada"))
                    .build())
            .build();

    assertThatThrownBy(() -> stub.getOnlineFeatures(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "join key 'user_id' is of type INT64 but entity row 0 has the text \"ada\";"
                          + " send a value of type INT64");
            });
  }

  @Test
  void getOnlineFeatures_rejectsAnUnknownService_withInvalidArgumentListingKnownOnes() {
    assertThatThrownBy(() -> stub.getOnlineFeatures(users(1001).setFeatureService("fraud").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("unknown feature service 'fraud'; known services: scoring");
            });
  }

  @Test
  void listRegistry_describesViewsFeaturesAndServices() {
    ListRegistryResponse r = stub.listRegistry(ListRegistryRequest.getDefaultInstance());

    assertThat(r.getProject()).isEqualTo("shop");
    assertThat(r.getEntities(0).getJoinKeysList()).containsExactly("user_id");
    assertThat(r.getViewsList())
        .extracting(v -> v.getName())
        .containsExactly("user_stats", "user_risk");
    assertThat(r.getViews(0).getTtl().getSeconds()).isEqualTo(86_400);
    assertThat(r.getViews(0).getJoinKeys(0).getType()).isEqualTo(ValueType.INT64);
    assertThat(r.getViews(0).getFeatures(6).getName()).isEqualTo("tags");
    assertThat(r.getViews(0).getFeatures(6).getType()).isEqualTo(ValueType.STRING_LIST);
    assertThat(r.getViews(0).getTagsMap()).containsEntry("team", "risk");
    assertThat(r.getServices(0).getFeaturesList())
        .containsExactly("user_stats:age", "user_stats:score", "user_risk:*");
  }

  @Test
  void grpcHealth_reportsServing_onceReady() {
    HealthCheckResponse r =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());

    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }
}
