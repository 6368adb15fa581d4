package dev.kairos.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.Artifact;
import dev.kairos.testkit.mlflow.FakeMlflowRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registering exported runs as model versions, with aliases. */
class MlflowModelRegistrationTest extends MlflowWriterFixture {
  @Test
  void registerModelVersion_newVersions_moveTheAliasesThatAreSetAgain() throws IOException {
    Run first = run(ID);
    MlflowExport e1 = writer.export(first, dir);
    Run second = run(ID2);
    MlflowExport e2 = writer.export(second, dir);
    int before = server.requests().size();

    int v1 = writer.registerModelVersion("churn", first, List.of("champion", "candidate"));
    int v2 = writer.registerModelVersion("churn", second, List.of("champion"));

    assertThat(List.of(v1, v2)).containsExactly(1, 2);
    assertThat(server.calls().subList(before, server.calls().size()))
        .containsExactly(
            "POST " + API + "registered-models/create",
            "POST " + API + "model-versions/create",
            "POST " + API + "registered-models/alias",
            "POST " + API + "registered-models/alias",
            "POST " + API + "registered-models/create",
            "POST " + API + "model-versions/create",
            "POST " + API + "registered-models/alias");
    assertThat(server.requests(API + "model-versions/create").get(0).json())
        .isEqualTo(
            json(
                "{\"name\":\"churn\",\"source\":\""
                    + e1.artifactUri()
                    + "/model\",\"run_id\":\""
                    + e1.runId()
                    + "\"}"));
    assertThat(server.requests(API + "registered-models/alias").get(2).json())
        .isEqualTo(json("{\"name\":\"churn\",\"alias\":\"champion\",\"version\":\"2\"}"));
    assertThat(server.registry().versions("churn"))
        .extracting(FakeMlflowRegistry.ModelVersion::source)
        .containsExactly(e1.artifactUri() + "/model", e2.artifactUri() + "/model");
    assertThat(server.registry().aliases("churn")).isEqualTo(Map.of("champion", 2, "candidate", 1));
  }

  @Test
  void registerModelVersion_reservedAlias_registersNothing() throws IOException {
    Run r = run(ID);
    writer.export(r, dir);
    int before = server.requests().size();

    KairosException e =
        catchThrowableOfType(
            KairosException.class,
            () -> writer.registerModelVersion("churn", r, List.of("champion", "latest")));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "alias 'latest' cannot be set on MLflow model churn: MLflow reserves 'latest'"
                + " and version-like aliases such as 'v1'");
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void registerModelVersion_runNotExportedByThisWriter_saysWhatToDo() throws IOException {
    KairosException e =
        catchThrowableOfType(
            KairosException.class, () -> writer.registerModelVersion("churn", run(ID), List.of()));

    assertThat(e.getMessage())
        .isEqualTo(
            "run "
                + ID
                + " was not exported to MLflow at "
                + server.uri()
                + " by this writer; export it first, or register it with its stored MlflowExport");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void registerModelVersion_storedExportInALaterProcess_registersItsModelFolder()
      throws IOException {
    MlflowExport stored = writer.export(run(ID), dir);
    MlflowRunWriter later = new MlflowRunWriter(new MlflowClient(MlflowConfig.of(server.uri())));

    int version = later.registerModelVersion("churn-prod", stored, List.of("champion"));

    assertThat(version).isEqualTo(1);
    assertThat(server.registry().versions("churn-prod"))
        .containsExactly(
            new FakeMlflowRegistry.ModelVersion(
                "churn-prod", 1, stored.artifactUri() + "/model", stored.runId()));
    assertThat(server.registry().aliases("churn-prod")).isEqualTo(Map.of("champion", 1));
  }

  @Test
  void registerModelVersion_runWithoutModelArtifacts_isRefused() throws IOException {
    Run noModel = edit(run(ID)).artifacts(List.of(new Artifact("metrics.json", "metrics"))).build();
    writer.export(noModel, dir);

    KairosException e =
        catchThrowableOfType(
            KairosException.class, () -> writer.registerModelVersion("churn", noModel, List.of()));

    assertThat(e.kind()).isEqualTo(ErrorKind.USER);
    assertThat(e.getMessage())
        .isEqualTo(
            "run "
                + ID
                + " has no artifacts under model/, so an MLflow model version would point at an"
                + " empty folder");
    assertThat(server.registry().registeredModels()).isEmpty();
  }
}
