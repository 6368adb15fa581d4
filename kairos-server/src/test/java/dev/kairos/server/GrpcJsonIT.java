package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc.KairosServingBlockingStub;
import dev.kairos.proto.v1.Value;
import feast.proto.serving.ServingAPIProto;
import feast.proto.serving.ServingServiceGrpc.ServingServiceBlockingStub;
import feast.proto.types.ValueProto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC with JSON messages (Armeria's {@code application/grpc+json}) answers the same responses as
 * gRPC with protobuf messages: JSON is printed from built messages, protobuf from pre-encoded
 * bytes.
 */
class GrpcJsonIT {
  static KairosServer server;

  @BeforeAll
  static void start() {
    server = TestData.server();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static <T> T client(Class<T> stub, com.linecorp.armeria.common.SerializationFormat f) {
    return GrpcClients.builder("http://127.0.0.1:" + server.port())
        .serializationFormat(f)
        .build(stub);
  }

  @Test
  void kairosGetOnlineFeatures_answersTheSameInJsonAsInProtobuf() {
    GetOnlineFeaturesRequest request =
        GetOnlineFeaturesRequest.newBuilder()
            .putEntities(
                "user_id",
                EntityColumn.newBuilder()
                    .addValues(Value.newBuilder().setInt64Value(1001))
                    .addValues(Value.newBuilder().setInt64Value(1004))
                    .build())
            .setFeatureService("scoring")
            .build();

    GetOnlineFeaturesResponse json =
        client(KairosServingBlockingStub.class, GrpcSerializationFormats.JSON)
            .getOnlineFeatures(request);
    GetOnlineFeaturesResponse proto =
        client(KairosServingBlockingStub.class, GrpcSerializationFormats.PROTO)
            .getOnlineFeatures(request);

    assertThat(json.getResultsCount()).isEqualTo(2);
    assertThat(json.getResults(0).getValues(1).getValue().getInt32Value()).isEqualTo(36);
    assertThat(json).isEqualTo(proto);
  }

  @Test
  void feastGetOnlineFeatures_answersTheSameInJsonAsInProtobuf() {
    ServingAPIProto.GetOnlineFeaturesRequest request =
        ServingAPIProto.GetOnlineFeaturesRequest.newBuilder()
            .putEntities(
                "user_id",
                ValueProto.RepeatedValue.newBuilder()
                    .addVal(ValueProto.Value.newBuilder().setInt64Val(1001))
                    .build())
            .setFeatureService("scoring")
            .build();

    ServingAPIProto.GetOnlineFeaturesResponse json =
        client(ServingServiceBlockingStub.class, GrpcSerializationFormats.JSON)
            .getOnlineFeatures(request);
    ServingAPIProto.GetOnlineFeaturesResponse proto =
        client(ServingServiceBlockingStub.class, GrpcSerializationFormats.PROTO)
            .getOnlineFeatures(request);

    assertThat(json.getResultsCount()).isEqualTo(4);
    assertThat(json.getResults(1).getValues(0).getInt32Val()).isEqualTo(36);
    assertThat(json).isEqualTo(proto);
  }
}
