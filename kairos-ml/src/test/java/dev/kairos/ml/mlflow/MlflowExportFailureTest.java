package dev.kairos.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Exports that fail: what the user reads, what is left in MLflow. */
class MlflowExportFailureTest extends MlflowWriterFixture {
  @Test
  void export_runningRun_isRefusedBeforeAnyRequest() throws IOException {
    Run running = edit(run(ID)).status(RunStatus.RUNNING, null).build();

    KairosException e =
        catchThrowableOfType(KairosException.class, () -> writer.export(running, dir));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo("run " + ID + " is still RUNNING; only finished or failed runs go to MLflow");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void export_missingArtifactFile_sendsNothing() throws IOException {
    Run r = run(ID);
    Files.delete(dir.resolve("metrics.json"));

    KairosException e = catchThrowableOfType(KairosException.class, () -> writer.export(r, dir));

    assertThat(e.getMessage())
        .isEqualTo(
            "artifact 'metrics.json' of run "
                + ID
                + " is missing: no file at "
                + dir.toAbsolutePath().normalize().resolve("metrics.json")
                + "; nothing was sent to MLflow");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void export_artifactRootOutsideTheProxy_failsSayingToServeArtifacts() throws IOException {
    server.state().artifactRoot("s3://bucket/mlruns/");

    KairosException e =
        catchThrowableOfType(KairosException.class, () -> writer.export(run(ID), dir));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow run "
                + MLFLOW_RUN
                + " stores its artifacts at s3://bucket/mlruns/1/"
                + MLFLOW_RUN
                + "/artifacts, which Kairos cannot write: Kairos uploads artifacts through the"
                + " tracking server's artifact proxy. Run the server with --serve-artifacts (proxied"
                + " artifact storage, for example --artifacts-destination s3://bucket/path) and use an"
                + " experiment whose artifact location is mlflow-artifacts:/... [MLflow run "
                + MLFLOW_RUN
                + " of Kairos run "
                + ID
                + " is left incomplete, FAILED]");
    assertThat(server.state().run(MLFLOW_RUN).status).isEqualTo("FAILED");
    assertThat(server.calls())
        .containsExactly(
            "GET " + API + "experiments/get-by-name",
            "POST " + API + "experiments/create",
            "POST " + API + "runs/create",
            "POST " + API + "runs/update");
  }

  @Test
  void export_logBatchRejected_namesEndpointAndMessage_andMarksTheRunFailed() throws IOException {
    server.failNext(API + "runs/log-batch", 400, "INVALID_PARAMETER_VALUE", "Invalid value foo");

    KairosException e =
        catchThrowableOfType(KairosException.class, () -> writer.export(run(ID), dir));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + server.uri()
                + " rejected POST /api/2.0/mlflow/runs/log-batch"
                + " (400 INVALID_PARAMETER_VALUE: Invalid value foo) [MLflow run "
                + MLFLOW_RUN
                + " of Kairos run "
                + ID
                + " is left incomplete, FAILED]");
    assertThat(server.state().run(MLFLOW_RUN).status).isEqualTo("FAILED");
    assertThat(writer.exported(ID)).isEmpty();
  }

  @Test
  void write_serverDown_isUnavailableNamingTheTrackingUri() throws IOException {
    String uri = server.uri().toString();
    server.close();
    Run r = run(ID);

    KairosException e = catchThrowableOfType(KairosException.class, () -> writer.write(r, dir));

    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo(
            "MLflow at "
                + uri
                + " cannot be reached (GET"
                + " /api/2.0/mlflow/experiments/get-by-name: connection refused); the run is kept"
                + " locally and can be exported again once the server is up");
    assertThat(writer.describe()).isEqualTo("MLflow at " + uri);
  }
}
