package dev.kairos.ml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
import dev.kairos.core.registry.FileRegistryStore;
import dev.kairos.ml.features.InputSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
  @TempDir Path dir;

  ModelRegistry registry() {
    return new ModelRegistry(FileRegistryStore.open(dir), Clock.fixed(AT, ZoneOffset.UTC));
  }

  static ModelVersion draft(String runId) {
    return new ModelVersion(
        "fraud",
        0,
        runId,
        AT,
        "svc",
        3,
        List.of(
            new InputSpec(new FeatureRef("user", "amount_sum_1h"), ValueType.DOUBLE, List.of()),
            new InputSpec(
                new FeatureRef("user", "home_country"), ValueType.STRING, List.of("US", "GB"))),
        0.42,
        "best-f1",
        57,
        null);
  }

  static String run(int i) {
    return String.format("%032x", i);
  }

  @Test
  void register_numbersVersions_andKeepsInputsInOrder_andTheTrees() {
    ModelRegistry r = registry();
    ModelVersion v1 = r.register(draft(run(1)), "{\"trees\":1}".getBytes(StandardCharsets.UTF_8));
    ModelVersion v2 = r.register(draft(run(2)), "{\"trees\":2}".getBytes(StandardCharsets.UTF_8));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    ModelVersion read = registry().require("fraud", 2);
    assertThat(read).isEqualTo(v2);
    assertThat(read.refs())
        .containsExactly(
            new FeatureRef("user", "amount_sum_1h"), new FeatureRef("user", "home_country"));
    assertThat(new String(r.trees(read), StandardCharsets.UTF_8)).isEqualTo("{\"trees\":2}");
    assertThat(r.models()).containsExactly("fraud");
  }

  @Test
  void register_concurrently_neverGivesTwoRunsTheSameVersion() throws Exception {
    ModelRegistry a = registry();
    ModelRegistry b = registry();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<ModelVersion>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        fs.add(
            pool.submit(
                () -> (n % 2 == 0 ? a : b).register(draft(run(100 + n)), new byte[] {'{', '}'})));
      }
      List<Long> versions = new java.util.ArrayList<>();
      for (var f : fs) {
        versions.add(f.get().version());
      }
      assertThat(versions).doesNotHaveDuplicates().hasSize(10);
      assertThat(registry().versions("fraud")).hasSize(10);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void promote_movesAnAlias_andReportsWhereItPointedBefore() {
    ModelRegistry r = registry();
    r.register(draft(run(1)), new byte[] {'{', '}'});
    r.register(draft(run(2)), new byte[] {'{', '}'});
    assertThat(r.promote("fraud", 1, "champion")).isEmpty();
    assertThat(r.promote("fraud", 2, "champion")).isEqualTo(Optional.of(1L));
    r.promote("fraud", 1, "challenger");
    assertThat(registry().aliases())
        .containsExactly(
            java.util.Map.entry("fraud@challenger", 1L), java.util.Map.entry("fraud@champion", 2L));
    assertThat(r.aliases("fraud")).containsOnlyKeys("challenger", "champion");
  }

  @Test
  void promote_unknownVersionOrModel_saysWhatExists() {
    ModelRegistry r = registry();
    assertThatThrownBy(() -> r.promote("fraud", 1, "champion"))
        .hasMessage(
            "no model named 'fraud' (none is registered yet); train one: kairos train --model fraud ...");
    r.register(draft(run(1)), new byte[] {'{', '}'});
    assertThatThrownBy(() -> r.promote("fraud", 5, "champion"))
        .hasMessage("model 'fraud' has no version 5; its versions are [1]");
    assertThatThrownBy(() -> r.promote("fraud", 1, "Champion!"))
        .hasMessage(
            "alias 'Champion!' is not a valid name; use a letter, then letters, digits, '_' or '-' (at most 64)");
  }
}
