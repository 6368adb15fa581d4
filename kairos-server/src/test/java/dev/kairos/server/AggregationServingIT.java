package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.FieldStatus;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc.KairosServingBlockingStub;
import dev.kairos.proto.v1.Value;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.OnlineRow;
import dev.kairos.testkit.InMemoryOnlineStore;
import feast.proto.serving.ServingAPIProto;
import feast.proto.serving.ServingServiceGrpc.ServingServiceBlockingStub;
import feast.proto.types.ValueProto;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Windowed aggregations and plain features in one request, over every protocol: Kairos gRPC, Feast
 * gRPC, Feast's HTTP JSON and the REST resource, answered by the real serving engine from an
 * aggregation state at the request time. User 1001 made transactions of 10, 20 and 40 at 70, 50 and
 * 5 minutes before the request, so in the last hour it made 2 (60.0); user 1002 has no state.
 */
class AggregationServingIT {
  static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  static KairosServer server;

  static Definitions definitions() {
    Entity user = new Entity("user", List.of("user_id"), ValueType.INT64, "");
    Source src =
        new Source(
            "tx",
            "tx",
            List.of(
                new Field("user_id", ValueType.INT64),
                new Field("amount", ValueType.DOUBLE),
                new Field("ts", ValueType.TIMESTAMP)),
            "ts",
            null,
            null,
            null);
    Window hour = Window.of(Duration.ofHours(1));
    FeatureView windows =
        new FeatureView(
            "user_windows",
            List.of("user"),
            "tx",
            Duration.ZERO,
            List.of(),
            true,
            Map.of(),
            "",
            "",
            List.of(
                agg("amount_count_1h", AggregationFunction.COUNT, hour, ValueType.INT64),
                agg("amount_sum_1h", AggregationFunction.SUM, hour, ValueType.DOUBLE),
                agg("amount_max_1h", AggregationFunction.MAX, hour, ValueType.DOUBLE)));
    FeatureView last =
        new FeatureView(
            "user_last",
            List.of("user"),
            "tx",
            Duration.ZERO,
            List.of(new Field("amount", ValueType.DOUBLE)),
            true,
            Map.of(),
            "",
            "");
    FeatureService risk =
        new FeatureService(
            "risk",
            List.of(
                new FeatureRef("user_last", "amount"),
                new FeatureRef("user_windows", "amount_count_1h"),
                new FeatureRef("user_windows", "amount_sum_1h"),
                new FeatureRef("user_windows", "amount_max_1h")),
            "");
    return new Definitions(
        "shop", List.of(user), List.of(src), List.of(windows, last), List.of(risk));
  }

  static Aggregation agg(String name, AggregationFunction f, Window w, ValueType type) {
    return new Aggregation(name, "amount", f, w, type);
  }

  @BeforeAll
  static void start() {
    Definitions defs = definitions();
    AggregationLayout layout = AggregationLayout.of(defs.requireView("user_windows"), defs);
    AggregationState state = AggregationState.empty(layout);
    List<EventRow> events = new ArrayList<>();
    double[] amounts = {10.0, 20.0, 40.0};
    long[] minutesAgo = {70, 50, 5};
    for (int i = 0; i < amounts.length; i++) {
      Object[] values = new Object[layout.columnNames().size()];
      values[layout.columnNames().indexOf("amount")] = amounts[i];
      events.add(
          new EventRow(
              EntityKey.of(1001L), NOW.minusSeconds(60 * minutesAgo[i]), null, i + 1, values));
    }
    assertThat(state.add(events)).isEqualTo(3);
    InMemoryOnlineStore store = new InMemoryOnlineStore();
    store.multiPut(
        layout.storageView(),
        List.of(
            new OnlineRow(
                EntityKey.of(1001L), new Object[] {state.encode()}, state.latest(), null)));
    store.multiPut(
        defs.requireView("user_last"),
        List.of(
            new OnlineRow(EntityKey.of(1001L), new Object[] {40.0}, NOW.minusSeconds(300), null)));
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

  private static <T> T client(Class<T> stub) {
    return GrpcClients.builder("http://127.0.0.1:" + server.port())
        .serializationFormat(GrpcSerializationFormats.PROTO)
        .build(stub);
  }

  @Test
  void kairosGrpc_answersWindowsAtTheRequestTime_nextToPlainFeatures() {
    GetOnlineFeaturesResponse r =
        client(KairosServingBlockingStub.class)
            .getOnlineFeatures(
                GetOnlineFeaturesRequest.newBuilder()
                    .setFeatureService("risk")
                    .putEntities(
                        "user_id",
                        EntityColumn.newBuilder()
                            .addValues(Value.newBuilder().setInt64Value(1001))
                            .addValues(Value.newBuilder().setInt64Value(1002))
                            .build())
                    .build());

    assertThat(r.getNamesList())
        .containsExactly("user_id", "amount", "amount_count_1h", "amount_sum_1h", "amount_max_1h");
    var known = r.getResults(0);
    assertThat(known.getValues(1).getValue().getDoubleValue()).isEqualTo(40.0);
    assertThat(known.getValues(2).getValue().getInt64Value()).isEqualTo(2);
    assertThat(known.getValues(3).getValue().getDoubleValue()).isEqualTo(60.0);
    assertThat(known.getValues(4).getValue().getDoubleValue()).isEqualTo(40.0);
    assertThat(known.getValues(2).getStatus()).isEqualTo(FieldStatus.PRESENT);
    var unknown = r.getResults(1);
    assertThat(unknown.getValues(2).getStatus()).isEqualTo(FieldStatus.NOT_FOUND);
    assertThat(unknown.getValues(2).getValue().getInt64Value())
        .as("an entity without state counts 0, as in a training set")
        .isZero();
    assertThat(unknown.getValues(4).getStatus()).isEqualTo(FieldStatus.NOT_FOUND);
  }

  @Test
  void feastGrpc_answersTheSameWindows() {
    ServingAPIProto.GetOnlineFeaturesResponse r =
        client(ServingServiceBlockingStub.class)
            .getOnlineFeatures(
                ServingAPIProto.GetOnlineFeaturesRequest.newBuilder()
                    .setFeatureService("risk")
                    .putEntities(
                        "user_id",
                        ValueProto.RepeatedValue.newBuilder()
                            .addVal(ValueProto.Value.newBuilder().setInt64Val(1001))
                            .build())
                    .build());

    assertThat(r.getMetadata().getFeatureNames().getValList())
        .containsExactly("user_id", "amount", "amount_count_1h", "amount_sum_1h", "amount_max_1h");
    assertThat(r.getResults(2).getValues(0).getInt64Val()).isEqualTo(2);
    assertThat(r.getResults(3).getValues(0).getDoubleVal()).isEqualTo(60.0);
    assertThat(r.getResults(3).getStatuses(0)).isEqualTo(ServingAPIProto.FieldStatus.PRESENT);
  }

  @Test
  void feastJson_answersTheSameWindows() {
    HttpResponse<String> r =
        Http.post(
            server.port(),
            "/get-online-features",
            "{\"features\": [\"user_last:amount\", \"user_windows:amount_count_1h\","
                + " \"user_windows:amount_sum_1h\"], \"entities\": {\"user_id\": [1001]}}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith(
            "{\"metadata\":{\"feature_names\":[\"user_id\",\"amount\",\"amount_count_1h\","
                + "\"amount_sum_1h\"]}")
        .contains("{\"values\":[2],\"statuses\":[\"PRESENT\"]")
        .contains("{\"values\":[60.0],\"statuses\":[\"PRESENT\"]");
  }

  @Test
  void rest_answersTheServiceWithItsWindows() {
    HttpResponse<String> r = Http.get(server.port(), "/v1/features/risk?user_id=1001");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith(
            "{\"names\":[\"user_id\",\"amount\",\"amount_count_1h\",\"amount_sum_1h\","
                + "\"amount_max_1h\"],\"types\":[\"INT64\",\"DOUBLE\",\"INT64\",\"DOUBLE\","
                + "\"DOUBLE\"],\"results\":[{\"values\":[1001,40.0,2,60.0,40.0]");
  }
}
