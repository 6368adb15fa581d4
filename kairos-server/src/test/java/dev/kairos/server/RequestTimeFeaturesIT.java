package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.OnDemandFeatureView.ExpressionFeature;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.FieldStatus;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc.KairosServingBlockingStub;
import dev.kairos.proto.v1.Value;
import dev.kairos.spi.OnlineRow;
import dev.kairos.testkit.InMemoryOnlineStore;
import feast.proto.serving.ServingAPIProto;
import feast.proto.serving.ServingServiceGrpc.ServingServiceBlockingStub;
import feast.proto.types.ValueProto;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request-time features over every protocol, answered by the real serving engine: Kairos gRPC
 * ({@code request_data}, protobuf and JSON), Feast gRPC and JSON ({@code request_context}, or
 * request fields among the entities as Feast's Python SDK sends them) and the REST resource (query
 * parameters). A missing request field is INVALID_ARGUMENT / HTTP 400 naming it.
 */
class RequestTimeFeaturesIT {
  static final Instant NOW = Instant.parse("2026-11-01T03:00:00Z");
  static final String MISSING =
      "missing request field 'country' needed by request-time view 'txn'; request data given:"
          + " amount";
  static KairosServer server;

  static Definitions definitions() {
    Entity user = new Entity("user", List.of("user_id"), ValueType.INT64, "");
    Source src =
        new Source(
            "events",
            "events",
            List.of(new Field("user_id", ValueType.INT64), new Field("ts", ValueType.TIMESTAMP)),
            "ts",
            null,
            null,
            null);
    FeatureView stats =
        new FeatureView(
            "user_stats",
            List.of("user"),
            "events",
            Duration.ZERO,
            List.of(
                new Field("amount_avg", ValueType.DOUBLE),
                new Field("home_country", ValueType.STRING)),
            true,
            Map.of(),
            "",
            "");
    OnDemandFeatureView txn =
        new OnDemandFeatureView(
            "txn",
            List.of(new Field("amount", ValueType.DOUBLE), new Field("country", ValueType.STRING)),
            List.of(
                new ExpressionFeature(
                    "ratio", ValueType.DOUBLE, "request.amount / user_stats.amount_avg"),
                new ExpressionFeature(
                    "foreign", ValueType.BOOL, "request.country != user_stats.home_country"),
                new ExpressionFeature("night", ValueType.BOOL, "getHours(request_time) < 6")),
            "");
    FeatureService risk = new FeatureService("risk", List.of(new FeatureRef("txn", "*")), "");
    return new Definitions(
        "shop", List.of(user), List.of(src), List.of(stats), List.of(risk), List.of(txn));
  }

  @BeforeAll
  static void start() {
    Definitions defs = definitions();
    InMemoryOnlineStore store = new InMemoryOnlineStore();
    store.multiPut(
        defs.requireView("user_stats"),
        List.of(
            new OnlineRow(
                EntityKey.of(1001L), new Object[] {50.0, "DE"}, NOW.minusSeconds(60), null),
            new OnlineRow(
                EntityKey.of(1002L), new Object[] {0.0, "FR"}, NOW.minusSeconds(60), null)));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    server =
        KairosServer.builder()
            .host("127.0.0.1")
            .port(0)
            .reader(new OnlineServingEngine(() -> defs, store, clock, 100))
            .definitions(() -> defs)
            .clock(clock)
            .maxEntityRows(100)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static <T> T client(Class<T> stub, SerializationFormat format) {
    return GrpcClients.builder("http://127.0.0.1:" + server.port())
        .serializationFormat(format)
        .build(stub);
  }

  private static EntityColumn column(Value... values) {
    return EntityColumn.newBuilder().addAllValues(List.of(values)).build();
  }

  private static GetOnlineFeaturesRequest.Builder kairos(boolean withCountry) {
    GetOnlineFeaturesRequest.Builder b =
        GetOnlineFeaturesRequest.newBuilder()
            .setFeatures(
                dev.kairos.proto.v1.FeatureRefs.newBuilder()
                    .addRefs("txn:ratio")
                    .addRefs("txn:foreign"))
            .putEntities(
                "user_id",
                column(
                    Value.newBuilder().setInt64Value(1001).build(),
                    Value.newBuilder().setInt64Value(1002).build()))
            .putRequestData(
                "amount",
                column(
                    Value.newBuilder().setDoubleValue(150.0).build(),
                    Value.newBuilder().setDoubleValue(10.0).build()));
    if (withCountry) {
      b.putRequestData(
          "country",
          column(
              Value.newBuilder().setStringValue("FR").build(),
              Value.newBuilder().setStringValue("FR").build()));
    }
    return b;
  }

  @Test
  void kairosGrpc_evaluatesRequestTimeFeatures_fromRequestData() {
    GetOnlineFeaturesResponse r =
        client(KairosServingBlockingStub.class, GrpcSerializationFormats.PROTO)
            .getOnlineFeatures(kairos(true).build());

    assertThat(r.getNamesList()).containsExactly("user_id", "ratio", "foreign");
    assertThat(r.getResults(0).getValues(1).getValue().getDoubleValue()).isEqualTo(3.0);
    assertThat(r.getResults(0).getValues(2).getValue().getBoolValue()).isTrue();
    assertThat(r.getResults(1).getValues(1).getStatus()).isEqualTo(FieldStatus.NULL_VALUE);
    assertThat(r.getResults(1).getValues(2).getValue().getBoolValue()).isFalse();
  }

  @Test
  void kairosGrpcJson_answersTheSameAsProtobuf() {
    GetOnlineFeaturesResponse json =
        client(KairosServingBlockingStub.class, GrpcSerializationFormats.JSON)
            .getOnlineFeatures(kairos(true).build());
    GetOnlineFeaturesResponse proto =
        client(KairosServingBlockingStub.class, GrpcSerializationFormats.PROTO)
            .getOnlineFeatures(kairos(true).build());

    assertThat(json).isEqualTo(proto);
  }

  @Test
  void kairosGrpc_withoutARequiredRequestField_isInvalidArgumentNamingIt() {
    assertThatThrownBy(
            () ->
                client(KairosServingBlockingStub.class, GrpcSerializationFormats.PROTO)
                    .getOnlineFeatures(kairos(false).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo(MISSING);
            });
  }

  private static ServingAPIProto.GetOnlineFeaturesRequest feast(boolean withCountry) {
    ServingAPIProto.GetOnlineFeaturesRequest.Builder b =
        ServingAPIProto.GetOnlineFeaturesRequest.newBuilder()
            .setFeatureService("risk")
            .putEntities(
                "user_id",
                ValueProto.RepeatedValue.newBuilder()
                    .addVal(ValueProto.Value.newBuilder().setInt64Val(1001))
                    .build())
            .putRequestContext(
                "amount",
                ValueProto.RepeatedValue.newBuilder()
                    .addVal(ValueProto.Value.newBuilder().setDoubleVal(100.0))
                    .build());
    if (withCountry) {
      b.putRequestContext(
          "country",
          ValueProto.RepeatedValue.newBuilder()
              .addVal(ValueProto.Value.newBuilder().setStringVal("DE"))
              .build());
    }
    return b.build();
  }

  @Test
  void feastGrpc_evaluatesRequestTimeFeatures_fromRequestContext() {
    ServingAPIProto.GetOnlineFeaturesResponse r =
        client(ServingServiceBlockingStub.class, GrpcSerializationFormats.JSON)
            .getOnlineFeatures(feast(true));

    assertThat(r.getMetadata().getFeatureNames().getValList())
        .containsExactly("user_id", "ratio", "foreign", "night");
    assertThat(r.getResults(1).getValues(0).getDoubleVal()).isEqualTo(2.0);
    assertThat(r.getResults(2).getValues(0).getBoolVal()).isFalse();
    assertThat(r.getResults(3).getValues(0).getBoolVal()).isTrue();
    assertThat(r.getResults(3).getStatuses(0)).isEqualTo(ServingAPIProto.FieldStatus.PRESENT);
  }

  @Test
  void feastGrpc_withoutARequiredRequestField_isInvalidArgumentNamingIt() {
    assertThatThrownBy(
            () ->
                client(ServingServiceBlockingStub.class, GrpcSerializationFormats.PROTO)
                    .getOnlineFeatures(feast(false)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).isEqualTo(MISSING);
            });
  }

  @Test
  void feastJson_readsRequestContext() {
    HttpResponse<String> r =
        Http.post(
            server.port(),
            "/get-online-features",
            "{\"features\": [\"txn:ratio\", \"txn:night\"], \"entities\": {\"user_id\": [1001]},"
                + " \"request_context\": {\"amount\": [25]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"metadata\":{\"feature_names\":[\"user_id\",\"ratio\",\"night\"]}")
        .contains("{\"values\":[0.5],\"statuses\":[\"PRESENT\"]")
        .contains("{\"values\":[true],\"statuses\":[\"PRESENT\"]");
  }

  @Test
  void feastJson_readsRequestFieldsAmongTheEntities_asFeastsPythonSdkSendsThem() {
    HttpResponse<String> r =
        Http.post(
            server.port(),
            "/get-online-features",
            "{\"features\": [\"txn:foreign\"],"
                + " \"entities\": {\"user_id\": [1001, 1002], \"country\": [\"DE\", \"DE\"]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("{\"values\":[false,true],\"statuses\":[\"PRESENT\",\"PRESENT\"]");
  }

  @Test
  void feastJson_withoutARequiredRequestField_is400NamingIt() {
    HttpResponse<String> r =
        Http.post(
            server.port(),
            "/get-online-features",
            "{\"feature_service\": \"risk\", \"entities\": {\"user_id\": [1001]},"
                + " \"request_context\": {\"amount\": [25]}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("{\"error\":\"" + MISSING + "\",\"kind\":\"USER\",\"status\":400}");
  }

  @Test
  void rest_readsRequestFieldsFromQueryParameters() {
    HttpResponse<String> r =
        Http.get(server.port(), "/v1/features/risk?user_id=1001&amount=150&country=FR");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith(
            "{\"names\":[\"user_id\",\"ratio\",\"foreign\",\"night\"],"
                + "\"types\":[\"INT64\",\"DOUBLE\",\"BOOL\",\"BOOL\"],\"results\":["
                + "{\"values\":[1001,3.0,true,true]");
  }

  @Test
  void rest_withoutARequiredRequestField_is400NamingIt() {
    HttpResponse<String> r = Http.get(server.port(), "/v1/features/risk?user_id=1001&amount=150");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("{\"error\":\"" + MISSING + "\",\"kind\":\"USER\",\"status\":400}");
  }
}
