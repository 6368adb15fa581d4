package dev.kairos.ml.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.core.registry.FileRegistryStore;
import dev.kairos.ml.runs.Run.Artifact;
import dev.kairos.ml.runs.Run.DataFingerprint;
import dev.kairos.ml.runs.Run.FeatureColumn;
import dev.kairos.ml.runs.Run.Lineage;
import dev.kairos.ml.runs.Run.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @TempDir Path dir;

  static Run run(String id, Instant start, RunStatus status) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("test.roc_auc", 0.97);
    metrics.put("test.pr_auc", Double.NaN);
    return new Run(
        id,
        "fraud",
        status,
        start,
        start.plusSeconds(12),
        Map.of("max_depth", "6"),
        metrics,
        Map.of("model_version", "1"),
        new Lineage(
            "svc", 2, List.of(new FeatureColumn("user:amount_sum_1h", "DOUBLE")), "is_fraud"),
        new DataFingerprint(1000, start.minusSeconds(3600), start, "ab".repeat(32)),
        "0.1.0",
        List.of(new Artifact("model/model.json", "model")),
        null);
  }

  @Test
  void save_readsBackEqual_nanMetricsIncluded() {
    RunStore s = new RunStore(FileRegistryStore.open(dir), dir.resolve("runs"));
    Run r = run("a".repeat(32), Instant.parse("2026-01-01T00:00:00Z"), RunStatus.FINISHED);
    s.save(r);
    Run back = new RunStore(FileRegistryStore.open(dir), dir.resolve("runs")).require(r.id());
    assertThat(back).usingRecursiveComparison().ignoringFields("metrics").isEqualTo(r);
    assertThat(back.metrics().get("test.roc_auc")).isEqualTo(0.97);
    assertThat(back.metrics().get("test.pr_auc")).isNaN();
  }

  @Test
  void list_isNewestFirst_andAPrefixFindsARun() {
    RunStore s = new RunStore(FileRegistryStore.open(dir), dir.resolve("runs"));
    s.save(run("1".repeat(32), Instant.parse("2026-01-01T00:00:00Z"), RunStatus.FINISHED));
    s.save(run("2".repeat(32), Instant.parse("2026-01-03T00:00:00Z"), RunStatus.FAILED));
    s.save(run("21" + "0".repeat(30), Instant.parse("2026-01-02T00:00:00Z"), RunStatus.RUNNING));
    assertThat(s.list().stream().map(Run::id))
        .containsExactly("2".repeat(32), "21" + "0".repeat(30), "1".repeat(32));
    assertThat(s.require("1111").id()).isEqualTo("1".repeat(32));
    assertThatThrownBy(() -> s.require("2"))
        .hasMessage("run '2': give at least 4 characters of a run id (kairos runs list)");
    assertThatThrownBy(() -> s.require("9999"))
        .hasMessage("no run with id '9999'; kairos runs list shows the runs");
    s.save(run("2222" + "0".repeat(28), Instant.parse("2026-01-04T00:00:00Z"), RunStatus.FINISHED));
    assertThatThrownBy(() -> s.require("2222"))
        .hasMessageStartingWith("run id prefix '2222' matches 2 runs (");
  }
}
