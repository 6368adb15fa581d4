package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.proto.v1.Contribution;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.FieldStatus;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.PredictRequest;
import dev.kairos.proto.v1.PredictResponse;
import dev.kairos.proto.v1.Prediction;
import dev.kairos.proto.v1.ServedFeature;
import dev.kairos.proto.v1.Value;
import dev.kairos.proto.v1.ValueType;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictGrpcIT {
  static FakePredictor predictor;
  static KairosServer server;
  static ManagedChannel channel;
  static KairosServingGrpc.KairosServingBlockingStub stub;

  @BeforeAll
  static void start() {
    predictor = new FakePredictor();
    server = TestData.server(predictor);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    stub = KairosServingGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  private static EntityColumn column(Value... values) {
    return EntityColumn.newBuilder().addAllValues(java.util.List.of(values)).build();
  }

  private static Value int64(long v) {
    return Value.newBuilder().setInt64Value(v).build();
  }

  private static Value float64(double v) {
    return Value.newBuilder().setDoubleValue(v).build();
  }

  private static Value text(String v) {
    return Value.newBuilder().setStringValue(v).build();
  }

  private static Timestamp ts(String iso) {
    Instant t = Instant.parse(iso);
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** Users 1001 (known, DE) and 1003 (unknown, no country). */
  private static PredictRequest.Builder twoRows() {
    return PredictRequest.newBuilder()
        .setModel("fraud")
        .putEntities("user_id", column(int64(1001), int64(1003)))
        .putRequestData("amount", column(float64(830.0), float64(12.5)))
        .putRequestData("country", column(text("DE"), Value.getDefaultInstance()));
  }

  private static ServedFeature.Builder missing(String name, ValueType type) {
    return ServedFeature.newBuilder()
        .setName(name)
        .setType(type)
        .setValue(Value.getDefaultInstance())
        .setStatus(FieldStatus.NOT_FOUND)
        .setInput(Double.NaN);
  }

  private static ServedFeature.Builder request(String name, ValueType type, Value v, double in) {
    return ServedFeature.newBuilder()
        .setName(name)
        .setType(type)
        .setValue(v)
        .setStatus(
            v.getKindCase() == Value.KindCase.KIND_NOT_SET
                ? FieldStatus.NULL_VALUE
                : FieldStatus.PRESENT)
        .setInput(in);
  }

  private static Prediction.Builder contributions(Prediction.Builder p, int n) {
    String[] names = {
      "request:amount",
      "user_txn_windows:amount_count_10m",
      "request:country",
      "user_profile:last_login",
      "merchant_stats:chargeback_rate"
    };
    double[] values = {3.5, 1.25, -0.75, 0.5, 0.25};
    for (int i = 0; i < n; i++) {
      p.addContributions(Contribution.newBuilder().setFeature(names[i]).setValue(values[i]));
    }
    return p;
  }

  @Test
  void predict_answersEveryFieldOfEveryRow() {
    PredictResponse r = stub.predict(twoRows().build());

    Prediction known =
        contributions(
                Prediction.newBuilder()
                    .setProbability(0.83)
                    .setDecision(true)
                    .setMargin(2.6)
                    .setBias(-4.1)
                    .addFeatures(
                        ServedFeature.newBuilder()
                            .setName("user_txn_windows:amount_count_10m")
                            .setType(ValueType.INT64)
                            .setValue(int64(5))
                            .setStatus(FieldStatus.PRESENT)
                            .setEventTimestamp(ts("2026-11-01T11:59:48Z"))
                            .setAgeSeconds(12.0)
                            .setInput(5.0))
                    .addFeatures(
                        ServedFeature.newBuilder()
                            .setName("user_profile:last_login")
                            .setType(ValueType.TIMESTAMP)
                            .setValue(
                                Value.newBuilder().setTimestampValue(ts("2026-11-01T10:30:00Z")))
                            .setStatus(FieldStatus.PRESENT)
                            .setEventTimestamp(ts("2026-11-01T11:00:00Z"))
                            .setAgeSeconds(3600.0)
                            .setInput(1.5))
                    .addFeatures(request("request:amount", ValueType.DOUBLE, float64(830.0), 830.0))
                    .addFeatures(request("request:country", ValueType.STRING, text("DE"), 1.0))
                    .addFeatures(missing("merchant_stats:chargeback_rate", ValueType.FLOAT)),
                5)
            .build();
    Prediction unknown =
        contributions(
                Prediction.newBuilder()
                    .setProbability(0.0125)
                    .setDecision(false)
                    .setMargin(-3.1)
                    .setBias(-4.1)
                    .addFeatures(missing("user_txn_windows:amount_count_10m", ValueType.INT64))
                    .addFeatures(missing("user_profile:last_login", ValueType.TIMESTAMP))
                    .addFeatures(request("request:amount", ValueType.DOUBLE, float64(12.5), 12.5))
                    .addFeatures(
                        request(
                            "request:country",
                            ValueType.STRING,
                            Value.getDefaultInstance(),
                            Double.NaN))
                    .addFeatures(missing("merchant_stats:chargeback_rate", ValueType.FLOAT)),
                5)
            .build();
    assertThat(r)
        .isEqualTo(
            PredictResponse.newBuilder()
                .setModel("fraud")
                .setAlias("champion")
                .setVersion(3)
                .setRunId("run-0007")
                .setThreshold(0.42)
                .addPredictions(known)
                .addPredictions(unknown)
                .build());
    assertThat(r.getPredictions(1).getFeatures(0).hasEventTimestamp()).isFalse();
    assertThat(r.getPredictions(1).getFeatures(0).hasAgeSeconds()).isFalse();
    assertThat(r.getPredictions(1).getFeatures(3).getValue().getKindCase())
        .isEqualTo(Value.KindCase.KIND_NOT_SET);
  }

  @Test
  void predict_scoresABatchOfThree_inRequestOrder() {
    PredictResponse r =
        stub.predict(
            PredictRequest.newBuilder()
                .setModel("fraud")
                .putEntities("user_id", column(int64(1001), int64(1002), int64(1003)))
                .putRequestData("amount", column(float64(830.0), float64(12.5), int64(420)))
                .build());

    assertThat(r.getPredictionsList())
        .extracting(Prediction::getProbability)
        .containsExactly(0.83, 0.0125, 0.42);
    assertThat(r.getPredictionsList())
        .extracting(Prediction::getDecision)
        .containsExactly(true, false, true);
    assertThat(predictor.lastQuery.entities().get("user_id")).containsExactly(1001L, 1002L, 1003L);
  }

  @Test
  void predict_withoutAliasExplainOrTop_asksForTheChampion_explained_top5() {
    stub.predict(twoRows().build());

    PredictQuery q = predictor.lastQuery;
    assertThat(q.alias()).isEqualTo("champion");
    assertThat(q.explain()).isTrue();
    assertThat(q.top()).isEqualTo(5);
  }

  @Test
  void predict_passesAliasExplainAndTop_asGiven() {
    PredictResponse challenger = stub.predict(twoRows().setAlias("challenger").setTop(2).build());
    PredictQuery top2 = predictor.lastQuery;
    PredictResponse unexplained = stub.predict(twoRows().setExplain(false).setTop(0).build());
    PredictQuery all = predictor.lastQuery;

    assertThat(challenger.getAlias()).isEqualTo("challenger");
    assertThat(challenger.getVersion()).isEqualTo(2);
    assertThat(challenger.getPredictions(0).getContributionsList())
        .extracting(Contribution::getFeature)
        .containsExactly("request:amount", "user_txn_windows:amount_count_10m");
    assertThat(top2.top()).isEqualTo(2);
    assertThat(unexplained.getPredictions(0).getContributionsList()).isEmpty();
    assertThat(all.explain()).isFalse();
    assertThat(all.top()).isZero();
    assertThat(predictor.lastThread).startsWith("armeria-common-blocking-tasks-");
  }

  @Test
  void predict_answersTheSameInJsonAsInProtobuf() {
    PredictRequest request = twoRows().build();

    PredictResponse json =
        GrpcClients.builder("http://127.0.0.1:" + server.port())
            .serializationFormat(GrpcSerializationFormats.JSON)
            .build(KairosServingGrpc.KairosServingBlockingStub.class)
            .predict(request);

    assertThat(json).isEqualTo(stub.predict(request));
  }

  private static void assertStatus(PredictRequest request, Status.Code code, String message) {
    assertStatus(stub, request, code, message);
  }

  private static void assertStatus(
      KairosServingGrpc.KairosServingBlockingStub on,
      PredictRequest request,
      Status.Code code,
      String message) {
    assertThatThrownBy(() -> on.predict(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(message);
            });
  }

  @Test
  void predict_unknownModel_isNotFound_withThePredictorsMessage() {
    assertStatus(
        twoRows().setModel("fraut").build(),
        Status.Code.NOT_FOUND,
        "model 'fraut' has no version with alias 'champion'; served: fraud@challenger,"
            + " fraud@champion");
  }

  @Test
  void predict_missingRequestField_isInvalidArgument_withThePredictorsMessage() {
    assertStatus(
        twoRows().removeRequestData("amount").build(),
        Status.Code.INVALID_ARGUMENT,
        "missing request field 'amount' needed by model 'fraud' version 3; the request gives:"
            + " country");
  }

  @Test
  void predict_rejectsANegativeTop_andAMissingModel() {
    assertStatus(
        twoRows().setTop(-1).build(),
        Status.Code.INVALID_ARGUMENT,
        "'top' must be 0 (all contributions) or more, but it is -1");
    assertStatus(
        twoRows().clearModel().build(),
        Status.Code.INVALID_ARGUMENT,
        "the request names no model: set 'model' to the model to score, e.g. \"fraud\"");
    assertThat(server.meterRegistry().scrape())
        .contains("kairos_errors_total{endpoint=\"kairos_grpc_predict\",kind=\"USER\"}");
  }

  @Test
  void predict_withoutAPredictor_isNotFound_sayingHowToServeAModel() throws Exception {
    try (KairosServer plain = TestData.server()) {
      ManagedChannel ch =
          ManagedChannelBuilder.forAddress("127.0.0.1", plain.port()).usePlaintext().build();
      try {
        assertStatus(
            KairosServingGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS),
            twoRows().build(),
            Status.Code.NOT_FOUND,
            "no models are served by this server; train and promote one: kairos train ...,"
                + " kairos models promote ...");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
