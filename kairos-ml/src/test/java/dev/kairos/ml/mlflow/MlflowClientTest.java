package dev.kairos.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.testkit.mlflow.FakeMlflowServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlflowClientTest {
  static final String API = "/api/2.0/mlflow/";

  FakeMlflowServer server;
  MlflowClient client;

  @BeforeEach
  void start() {
    server = new FakeMlflowServer();
    client = new MlflowClient(MlflowConfig.of(server.uri()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void experimentId_missing_isCreated_thenFoundByName() {
    assertThat(client.experimentId("churn")).isEqualTo("1");
    assertThat(client.experimentId("churn")).isEqualTo("1");

    assertThat(server.calls())
        .containsExactly(
            "GET " + API + "experiments/get-by-name",
            "POST " + API + "experiments/create",
            "GET " + API + "experiments/get-by-name");
  }

  @Test
  void experimentId_createdConcurrentlyByAnotherClient_readsItsId() {
    server.state().raceOnCreate("churn");

    assertThat(client.experimentId("churn")).isEqualTo("1");

    assertThat(server.calls())
        .containsExactly(
            "GET " + API + "experiments/get-by-name",
            "POST " + API + "experiments/create",
            "GET " + API + "experiments/get-by-name");
  }

  @Test
  void experimentId_deletedExperiment_saysHowToRestoreIt() {
    server.state().addExperiment("churn");
    server.state().deleteExperiment("churn");

    KairosException e =
        catchThrowableOfType(KairosException.class, () -> client.experimentId("churn"));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow experiment 'churn' (id 1) at "
                + server.uri()
                + " is deleted; restore it (mlflow experiments restore --experiment-id 1) or"
                + " remove it for good (mlflow gc --experiment-ids 1), then export again");
  }

  @Test
  void experimentId_nameWithSpacesAndAmpersand_isQueryEncoded() {
    client.experimentId("churn & fraud");

    assertThat(server.requests().get(0).target())
        .isEqualTo(API + "experiments/get-by-name?experiment_name=churn+%26+fraud");
    assertThat(server.state().experiments()).containsKey("churn & fraud");
  }

  @Test
  void requests_carryTheBearerToken() {
    server.requireToken("s3cret-token");
    MlflowClient authed = new MlflowClient(MlflowConfig.of(server.uri()).withToken("s3cret-token"));

    authed.experimentId("churn");

    assertThat(server.requests())
        .extracting(FakeMlflowServer.Request::authorization)
        .containsOnly("Bearer s3cret-token");
  }

  @Test
  void requests_refusedToken_isUserErrorThatNeverShowsTheToken() {
    server.requireToken("right-token");
    MlflowClient wrong = new MlflowClient(MlflowConfig.of(server.uri()).withToken("wrong-token"));

    KairosException e = catchThrowableOfType(KairosException.class, () -> wrong.experimentId("x"));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + server.uri()
                + " rejected GET /api/2.0/mlflow/experiments/get-by-name (401 You are not"
                + " authenticated. Please provide a valid token.); check the MLflow token Kairos"
                + " is configured with");
    assertThat(wrong.toString()).doesNotContain("wrong-token").contains("token=****");
  }

  @Test
  void errors_serverError_isUnavailableWithMlflowsCodeAndMessage() {
    server.failNext(API + "runs/update", 500, "INTERNAL_ERROR", "database is locked");

    KairosException e =
        catchThrowableOfType(
            KairosException.class,
            () -> client.endRun("abc", dev.kairos.ml.runs.Run.RunStatus.FINISHED, Instant.EPOCH));

    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + server.uri()
                + " rejected POST /api/2.0/mlflow/runs/update (500 INTERNAL_ERROR: database is"
                + " locked); the run is kept locally and can be exported again later");
  }

  @Test
  void errors_unknownVersion_isNotFound() {
    client.createRegisteredModel("churn");

    KairosException e =
        catchThrowableOfType(KairosException.class, () -> client.setAlias("churn", "champion", 3));

    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + server.uri()
                + " rejected POST /api/2.0/mlflow/registered-models/alias (404"
                + " RESOURCE_DOES_NOT_EXIST: Model Version (name=churn, version=3) not found)");
  }

  @Test
  void errors_notAnMlflowServer_quotesTheBody() {
    MlflowClient other =
        new MlflowClient(MlflowConfig.of(URI.create(server.uri() + "/not-mlflow")));

    KairosException e = catchThrowableOfType(KairosException.class, () -> other.experimentId("x"));

    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + server.uri()
                + "/not-mlflow rejected GET /api/2.0/mlflow/experiments/get-by-name (404"
                + " <!doctype html><title>404 Not Found</title>)");
  }

  @Test
  void errors_serverThatNeverAnswers_timesOutAsUnavailable() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      MlflowClient slow =
          new MlflowClient(
              MlflowConfig.of(uri).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));

      KairosException e = catchThrowableOfType(KairosException.class, () -> slow.experimentId("x"));

      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(e.getMessage())
          .isEqualTo(
              "MLflow at "
                  + uri
                  + " cannot be reached (GET /api/2.0/mlflow/experiments/get-by-name: no answer"
                  + " within 300 ms); the run is kept locally and can be exported again once the"
                  + " server is up");
    }
  }

  @Test
  void createRegisteredModel_existing_isLeftAsItIs() {
    client.createRegisteredModel("churn");
    client.createRegisteredModel("churn");

    assertThat(server.registry().registeredModels()).containsExactly("churn");
  }

  @Test
  void logBatch_nanAndInfinities_travelAsProto3Strings() {
    String runId = client.createRun("0", "r", Instant.EPOCH, Map.of()).runId();

    client.logBatch(
        runId,
        List.of(
            new MlflowMetric("a", Double.NaN, 5, 1),
            new MlflowMetric("b", Double.POSITIVE_INFINITY, 5, 2)),
        Map.of(),
        Map.of());

    assertThat(server.requests(API + "runs/log-batch").get(0).text())
        .isEqualTo(
            "{\"run_id\":\""
                + runId
                + "\",\"metrics\":[{\"key\":\"a\",\"value\":\"NaN\",\"timestamp\":\"5\","
                + "\"step\":\"1\"},{\"key\":\"b\",\"value\":\"Infinity\",\"timestamp\":\"5\","
                + "\"step\":\"2\"}],\"params\":[],\"tags\":[]}");
    assertThat(server.state().run(runId).metrics.get(0).value()).isNaN();
  }

  @Test
  void logBatch_nothingToLog_sendsNothing() {
    client.logBatch("abc", List.of(), Map.of(), Map.of());

    assertThat(server.requests()).isEmpty();
  }

  @Test
  void fake_rejectsALogBatchOverMlflowsLimits_soChunkingIsReallyTested() throws Exception {
    String runId = client.createRun("0", "r", Instant.EPOCH, Map.of()).runId();
    String metrics =
        IntStream.range(0, 1001)
            .mapToObj(
                i -> "{\"key\":\"m" + i + "\",\"value\":1,\"timestamp\":\"1\",\"step\":\"0\"}")
            .collect(Collectors.joining(","));
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(server.uri() + API + "runs/log-batch"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}"))
            .build();

    HttpResponse<String> r =
        HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"A batch logging request"
                + " can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics"
                + " across multiple requests and try again.\"}");
  }

  @Test
  void config_rejectsCredentialsInTheUriAndOtherSchemes() {
    assertThatThrownBy(() -> MlflowConfig.of(URI.create("http://me:pw@host:5000")))
        .hasMessage(
            "the MLflow tracking URI must not carry credentials; configure a token instead");
    assertThatThrownBy(() -> MlflowConfig.of(URI.create("file:///tmp/mlruns")))
        .hasMessage(
            "the MLflow tracking URI must be http(s)://host[:port][/prefix], was file:///tmp/mlruns");
  }

  @Test
  void config_toString_hidesTheToken() {
    MlflowConfig c = MlflowConfig.of(URI.create("http://127.0.0.1:5000")).withToken("abc123");

    assertThat(c.toString())
        .isEqualTo(
            "MlflowConfig[trackingUri=http://127.0.0.1:5000, token=****, connectTimeout=PT5S,"
                + " requestTimeout=PT30S]");
  }
}
