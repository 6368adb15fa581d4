package dev.kairos.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.FeatureColumn;
import dev.kairos.ml.runs.Run.Lineage;
import dev.kairos.ml.runs.Run.RunStatus;
import dev.kairos.testkit.mlflow.FakeMlflowServer.Request;
import dev.kairos.testkit.mlflow.FakeMlflowState.FakeRun;
import dev.kairos.testkit.mlflow.FakeMlflowState.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a run reads in MLflow: requests, bodies, chunking, limits. */
class MlflowRunWriterTest extends MlflowWriterFixture {
  @Test
  void export_realisticRun_sendsTheExactRequestsAndStoresEverything() throws IOException {
    MlflowExport export = writer.export(run(ID), dir);

    String root = "/api/2.0/mlflow-artifacts/artifacts/1/" + MLFLOW_RUN + "/artifacts/";
    assertThat(export)
        .isEqualTo(
            new MlflowExport("1", MLFLOW_RUN, "mlflow-artifacts:/1/" + MLFLOW_RUN + "/artifacts"));
    assertThat(server.calls())
        .containsExactly(
            "GET " + API + "experiments/get-by-name",
            "POST " + API + "experiments/create",
            "POST " + API + "runs/create",
            "POST " + API + "runs/log-batch",
            "PUT " + root + "model/model.ubj",
            "PUT " + root + "metrics.json",
            "PUT " + root + "plots/roc%20curve.png",
            "PUT " + root + "features.json",
            "POST " + API + "runs/update");
    List<Request> r = server.requests();
    assertThat(r.get(0).target()).isEqualTo(API + "experiments/get-by-name?experiment_name=churn");
    assertThat(r.get(1).json()).isEqualTo(json("{\"name\":\"churn\"}"));
    assertThat(r.get(2).json())
        .isEqualTo(
            json(
                """
                {"experiment_id":"1","run_name":"churn-0123abcd","start_time":"1735725600000",
                 "tags":[{"key":"mlflow.source.name","value":"kairos"},
                  {"key":"kairos.run_id","value":"%s"},
                  {"key":"kairos.service","value":"churn_service"},
                  {"key":"kairos.registry_version","value":"7"},
                  {"key":"kairos.label","value":"churned"},
                  {"key":"kairos.features",
                   "value":"user_stats:txn_count_7d,user_stats:avg_amount_30d"},
                  {"key":"kairos.data.rows","value":"12000"},
                  {"key":"kairos.data.from","value":"2024-10-01T00:00:00Z"},
                  {"key":"kairos.data.to","value":"2024-12-31T23:00:00Z"},
                  {"key":"kairos.data.sha256","value":"%s"},
                  {"key":"kairos.version","value":"0.1.0"}]}"""
                    .formatted(ID, "ab".repeat(32))));
    assertThat(r.get(3).json())
        .isEqualTo(
            json(
                """
                {"run_id":"%s",
                 "metrics":[
                  {"key":"test.roc_auc","value":0.91,"timestamp":"1735725800500","step":"0"},
                  {"key":"test.logloss","value":0.25,"timestamp":"1735725800500","step":"0"}],
                 "params":[{"key":"max_depth","value":"6"},{"key":"eta","value":"0.1"}],
                 "tags":[{"key":"host","value":"ci-7"}]}"""
                    .formatted(MLFLOW_RUN)));
    assertThat(r.get(4).contentType()).isEqualTo("application/octet-stream");
    assertThat(r.get(5).contentType()).isEqualTo("application/json");
    assertThat(r.get(6).contentType()).isEqualTo("image/png");
    assertThat(r.get(8).json())
        .isEqualTo(
            json(
                "{\"run_id\":\"%s\",\"status\":\"FINISHED\",\"end_time\":\"1735725800500\"}"
                    .formatted(MLFLOW_RUN)));

    String stored = "1/" + MLFLOW_RUN + "/artifacts/";
    assertThat(server.state().artifacts().keySet())
        .containsExactlyInAnyOrder(
            stored + "model/model.ubj",
            stored + "metrics.json",
            stored + "plots/roc curve.png",
            stored + "features.json");
    assertThat(server.state().artifacts().get(stored + "model/model.ubj")).isEqualTo(MODEL_BYTES);
    assertThat(server.state().artifacts().get(stored + "metrics.json"))
        .isEqualTo("{\"test.roc_auc\":0.91}".getBytes(StandardCharsets.UTF_8));
    FakeRun mlflowRun = server.state().run(MLFLOW_RUN);
    assertThat(mlflowRun.status).isEqualTo("FINISHED");
    assertThat(mlflowRun.name).isEqualTo("churn-0123abcd");
    assertThat(mlflowRun.startTime).isEqualTo(START.toEpochMilli());
    assertThat(mlflowRun.endTime).isEqualTo(END.toEpochMilli());
    assertThat(mlflowRun.params)
        .containsExactly(Map.entry("max_depth", "6"), Map.entry("eta", "0.1"));
    assertThat(mlflowRun.metrics)
        .containsExactly(
            new Metric("test.roc_auc", 0.91, END.toEpochMilli(), 0),
            new Metric("test.logloss", 0.25, END.toEpochMilli(), 0));
    assertThat(mlflowRun.tags).containsEntry("kairos.run_id", ID).containsEntry("host", "ci-7");
    assertThat(writer.exported(ID)).contains(export);
  }

  @Test
  void export_secondRunOfTheModel_reusesTheExperiment() throws IOException {
    writer.export(run(ID), dir);
    int before = server.requests().size();

    MlflowExport second = writer.export(run(ID2), dir);

    assertThat(second.experimentId()).isEqualTo("1");
    assertThat(server.calls().subList(before, before + 2))
        .containsExactly("GET " + API + "experiments/get-by-name", "POST " + API + "runs/create");
    assertThat(server.state().experiments()).isEqualTo(Map.of("Default", "0", "churn", "1"));
    assertThat(server.state().runs()).extracting(x -> x.experimentId).containsExactly("1", "1");
  }

  @Test
  void export_2500MetricsAnd250Params_logsThreeBatchesWithinMlflowLimits() throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    IntStream.range(0, 250).forEach(i -> params.put("p" + i, "v" + i));
    Map<String, Double> metrics = new LinkedHashMap<>();
    IntStream.range(0, 2500).forEach(i -> metrics.put("m" + i, (double) i));

    MlflowExport export = writer.export(edit(run(ID)).params(params).metrics(metrics).build(), dir);

    List<Request> batches = server.requests(API + "runs/log-batch");
    assertThat(batches)
        .extracting(
            b ->
                List.of(
                    b.json().get("metrics").size(),
                    b.json().get("params").size(),
                    b.json().get("tags").size()))
        .containsExactly(List.of(899, 100, 1), List.of(900, 100, 0), List.of(701, 50, 0));
    FakeRun stored = server.state().run(export.runId());
    assertThat(stored.params).hasSize(250).containsEntry("p249", "v249");
    assertThat(stored.metrics)
        .extracting(Metric::key)
        .isEqualTo(IntStream.range(0, 2500).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void export_longParamsAndTags_areCutToMlflowLimitsAndSplitUnderOneMegabyte() throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    IntStream.range(0, 100).forEach(i -> params.put("p" + i, "x".repeat(7000)));
    Map<String, String> tags = new LinkedHashMap<>();
    IntStream.range(0, 100).forEach(i -> tags.put("t" + i, "y".repeat(6000)));
    Run big = edit(run(ID)).params(params).tags(tags).build();

    MlflowExport export = writer.export(big, dir);

    List<Request> batches = server.requests(API + "runs/log-batch");
    assertThat(batches).hasSize(2);
    assertThat(batches).allSatisfy(b -> assertThat(b.body().length).isLessThan(1_000_000));
    FakeRun stored = server.state().run(export.runId());
    assertThat(stored.params.get("p99")).hasSize(6000);
    assertThat(stored.tags.get("t99")).hasSize(5000);
  }

  @Test
  void export_manyFeatures_cutsTheFeaturesTagAtTheLastWholeRef() throws IOException {
    List<FeatureColumn> features =
        IntStream.range(0, 400)
            .mapToObj(i -> new FeatureColumn("view:feature_" + i, "INT64"))
            .toList();
    Run wide = edit(run(ID)).lineage(new Lineage("churn_service", 7, features, "churned")).build();

    MlflowExport export = writer.export(wide, dir);

    String tag = server.state().run(export.runId()).tags.get("kairos.features");
    assertThat(tag).hasSizeLessThanOrEqualTo(5000).endsWith(",view:feature_298,…(+101 more)");
  }

  @Test
  void export_failedRun_isFailedInMlflowWithItsError() {
    Run failed =
        edit(null)
            .status(RunStatus.FAILED, END)
            .data(null)
            .artifacts(List.of())
            .error("the label column churned is empty")
            .build();

    MlflowExport export = writer.export(failed, dir);

    FakeRun stored = server.state().run(export.runId());
    assertThat(stored.status).isEqualTo("FAILED");
    assertThat(stored.tags).containsEntry("kairos.error", "the label column churned is empty");
    assertThat(stored.tags.keySet()).noneMatch(k -> k.startsWith("kairos.data."));
    assertThat(server.calls()).noneMatch(c -> c.startsWith("PUT"));
  }

  @Test
  void export_httpArtifactRoot_uploadsThroughTheSameProxyPath() throws IOException {
    server.state().artifactRoot(server.uri() + "/api/2.0/mlflow-artifacts/artifacts/");

    MlflowExport export = writer.export(run(ID), dir);

    assertThat(server.state().artifacts().get("1/" + export.runId() + "/artifacts/model/model.ubj"))
        .isEqualTo(MODEL_BYTES);
  }
}
