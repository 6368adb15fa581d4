package dev.kairos.ml.mlflow;

import static dev.kairos.testkit.mlflow.FakeMlflowServer.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.Artifact;
import dev.kairos.ml.runs.Run.DataFingerprint;
import dev.kairos.ml.runs.Run.FeatureColumn;
import dev.kairos.ml.runs.Run.Lineage;
import dev.kairos.ml.runs.Run.RunStatus;
import dev.kairos.testkit.mlflow.FakeMlflowServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link FakeMlflowServer}, an {@link MlflowRunWriter} talking to it, and a realistic run whose
 * artifact files are in a temporary folder.
 */
abstract class MlflowWriterFixture {
  static final String API = "/api/2.0/mlflow/";
  static final String ID = "0123abcd" + "0".repeat(23) + "1";
  static final String ID2 = "0123abce" + "0".repeat(24);

  /** The MLflow run id the fake gives its first run. */
  static final String MLFLOW_RUN = "f00d" + "0".repeat(27) + "1";

  static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
  static final Instant END = Instant.parse("2025-01-01T10:03:20.500Z");
  static final byte[] MODEL_BYTES = new byte[3000];

  static {
    for (int i = 0; i < MODEL_BYTES.length; i++) {
      MODEL_BYTES[i] = (byte) (i * 7); // every byte value, zeros included
    }
  }

  @TempDir Path dir;
  FakeMlflowServer server;
  MlflowRunWriter writer;

  @BeforeEach
  void startServer() {
    server = new FakeMlflowServer();
    writer = new MlflowRunWriter(new MlflowClient(MlflowConfig.of(server.uri())));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A finished run of model {@code churn} with four artifact files written under {@link #dir}. */
  Run run(String id) throws IOException {
    Files.createDirectories(dir.resolve("model"));
    Files.createDirectories(dir.resolve("plots"));
    Files.write(dir.resolve("model/model.ubj"), MODEL_BYTES);
    Files.writeString(dir.resolve("metrics.json"), "{\"test.roc_auc\":0.91}");
    Files.write(dir.resolve("plots/roc curve.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(dir.resolve("features.json"), "[\"user_stats:txn_count_7d\"]");
    return edit(null)
        .id(id)
        .params(ordered("max_depth", "6", "eta", "0.1"))
        .metrics(ordered("test.roc_auc", 0.91, "test.logloss", 0.25))
        .build();
  }

  static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
    Map<String, V> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  /** A copy of {@code r} to change, or the defaults of {@link #run} when null. */
  static RunEdit edit(Run r) {
    return new RunEdit(r);
  }

  /** Changes some fields of a run. */
  static final class RunEdit {
    private String id = ID;
    private RunStatus status = RunStatus.FINISHED;
    private Instant end = END;
    private Map<String, String> params = Map.of();
    private Map<String, Double> metrics = Map.of();
    private Map<String, String> tags = Map.of("host", "ci-7");
    private Lineage lineage =
        new Lineage(
            "churn_service",
            7,
            List.of(
                new FeatureColumn("user_stats:txn_count_7d", "INT64"),
                new FeatureColumn("user_stats:avg_amount_30d", "DOUBLE")),
            "churned");
    private DataFingerprint data =
        new DataFingerprint(
            12000,
            Instant.parse("2024-10-01T00:00:00Z"),
            Instant.parse("2024-12-31T23:00:00Z"),
            "ab".repeat(32));
    private List<Artifact> artifacts =
        List.of(
            new Artifact("model/model.ubj", "model"),
            new Artifact("metrics.json", "metrics"),
            new Artifact("plots/roc curve.png", "plot"),
            new Artifact("features.json", "features"));
    private String error;

    private RunEdit(Run r) {
      if (r != null) {
        id = r.id();
        status = r.status();
        end = r.endTime();
        params = r.params();
        metrics = r.metrics();
        tags = r.tags();
        lineage = r.lineage();
        data = r.data();
        artifacts = r.artifacts();
        error = r.error();
      }
    }

    RunEdit id(String v) {
      id = v;
      return this;
    }

    RunEdit status(RunStatus v, Instant endTime) {
      status = v;
      end = endTime;
      return this;
    }

    RunEdit params(Map<String, String> v) {
      params = v;
      return this;
    }

    RunEdit metrics(Map<String, Double> v) {
      metrics = v;
      return this;
    }

    RunEdit tags(Map<String, String> v) {
      tags = v;
      return this;
    }

    RunEdit lineage(Lineage v) {
      lineage = v;
      return this;
    }

    RunEdit data(DataFingerprint v) {
      data = v;
      return this;
    }

    RunEdit artifacts(List<Artifact> v) {
      artifacts = v;
      return this;
    }

    RunEdit error(String v) {
      error = v;
      return this;
    }

    Run build() {
      return new Run(
          id, "churn", status, START, end, params, metrics, tags, lineage, data, "0.1.0", artifacts,
          error);
    }
  }
}
