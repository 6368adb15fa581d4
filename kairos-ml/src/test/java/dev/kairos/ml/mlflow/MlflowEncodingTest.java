package dev.kairos.ml.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run.FeatureColumn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MlflowEncodingTest {
  static JsonNode json(String text) throws Exception {
    return MlflowHttp.JSON.readTree(text);
  }

  @Test
  void int64_readsStringsAndNumbers() throws Exception {
    assertThat(MlflowHttp.int64(json("{\"v\":\"1735725600000\"}"), "v")).isEqualTo(1735725600000L);
    assertThat(MlflowHttp.int64(json("{\"v\":1735725600000}"), "v")).isEqualTo(1735725600000L);
  }

  @Test
  void int64_notAnInteger_isInternalNamingTheField() throws Exception {
    JsonNode answer = json("{\"v\":\"1.5\"}");

    assertThatThrownBy(() -> MlflowHttp.int64(answer, "v"))
        .isInstanceOf(KairosException.class)
        .hasMessage("MLflow answered v = \"1.5\", which is not an int64, in {\"v\":\"1.5\"}")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.INTERNAL);
  }

  @Test
  void split_exactlyAtTheLimits_isOneBody_oneMoreIsTwo() {
    List<MlflowMetric> thousand =
        IntStream.range(0, 1000).mapToObj(i -> new MlflowMetric("m" + i, i, 1, 0)).toList();
    Map<String, String> hundred = new LinkedHashMap<>();
    IntStream.range(0, 100).forEach(i -> hundred.put("k" + i, "v"));

    assertThat(LogBatches.split("r", thousand, Map.of(), Map.of())).hasSize(1);
    assertThat(LogBatches.split("r", List.of(), hundred, hundred)).hasSize(1);
    List<ObjectNode> over = LogBatches.split("r", thousand, Map.of("p", "v"), Map.of());
    assertThat(over)
        .extracting(b -> List.of(b.get("metrics").size(), b.get("params").size()))
        .containsExactly(List.of(999, 1), List.of(1, 0));
  }

  @Test
  void proxyPath_acceptsEveryProxiedForm() {
    String rel = "plots/roc curve 100%.png";
    String expected =
        "/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/plots/roc%20curve%20100%25.png";

    assertThat(ArtifactTargets.proxyPath("mlflow-artifacts:/1/abc/artifacts", "abc", rel))
        .isEqualTo(expected);
    assertThat(
            ArtifactTargets.proxyPath(
                "mlflow-artifacts://mlflow:5000/1/abc/artifacts/", "abc", rel))
        .isEqualTo(expected);
    assertThat(
            ArtifactTargets.proxyPath(
                "https://mlflow.example/prefix/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts",
                "abc",
                rel))
        .isEqualTo(expected);
  }

  @Test
  void proxyPath_keepsEscapesOfTheRootButEncodesTheFileName() {
    assertThat(ArtifactTargets.proxyPath("mlflow-artifacts:/team%20a/1/artifacts", "abc", "a%20b"))
        .isEqualTo("/api/2.0/mlflow-artifacts/artifacts/team%20a/1/artifacts/a%2520b");
    assertThat(ArtifactTargets.proxyPath("mlflow-artifacts:/x", "abc", "é.txt"))
        .isEqualTo("/api/2.0/mlflow-artifacts/artifacts/x/%C3%A9.txt");
  }

  @Test
  void proxiedRoot_localFileRoot_failsSayingToServeArtifacts() {
    assertThatThrownBy(() -> ArtifactTargets.proxiedRoot("file:///mlruns/1/abc/artifacts", "abc"))
        .hasMessageStartingWith(
            "MLflow run abc stores its artifacts at file:///mlruns/1/abc/artifacts, which Kairos"
                + " cannot write:");
  }

  @Test
  void contentType_byExtension() {
    assertThat(ArtifactTargets.contentType("metrics.JSON")).isEqualTo("application/json");
    assertThat(ArtifactTargets.contentType("plots/roc.png")).isEqualTo("image/png");
    assertThat(ArtifactTargets.contentType("model/model.ubj"))
        .isEqualTo("application/octet-stream");
    assertThat(ArtifactTargets.contentType("model/MLmodel")).isEqualTo("application/octet-stream");
  }

  @Test
  void features_fitting_areAllJoined_tooMany_endWithTheCount() {
    List<FeatureColumn> three =
        List.of(
            new FeatureColumn("view:alpha", "INT64"),
            new FeatureColumn("view:beta", "INT64"),
            new FeatureColumn("view:gamma", "INT64"));

    assertThat(RunMapping.features(three, 31)).isEqualTo("view:alpha,view:beta,view:gamma");
    assertThat(RunMapping.features(three, 30)).isEqualTo("view:alpha,…(+2 more)");
    assertThat(RunMapping.features(three, 20)).isEqualTo("…(+3 more)");
  }

  @Test
  void cut_neverSplitsASurrogatePair() {
    assertThat(RunMapping.cut("ab😀", 3)).isEqualTo("ab");
    assertThat(RunMapping.cut("ab😀", 4)).isEqualTo("ab😀");
  }
}
