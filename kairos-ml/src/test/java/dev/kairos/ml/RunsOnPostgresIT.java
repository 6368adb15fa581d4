package dev.kairos.ml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs, model versions and aliases kept in a PostgreSQL registry, visible to a second process. */
class RunsOnPostgresIT {
  @Test
  void train_recordsTheRunAndVersionInPostgres_andAnotherStoreInstanceSeesThem() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path tmp = Files.createTempDirectory("kairos-ml-pg");
    try (FraudRepo repo = FraudRepo.pgRegistry(tmp.resolve("repo"), 200, 14)) {
      Trainer.Result r =
          Models.of(repo.fs)
              .trainer()
              .train(
                  new TrainRequest(
                      "fraud_detection_v1",
                      repo.transactions,
                      "is_fraud",
                      "fraud",
                      null,
                      null,
                      null,
                      List.of()));
      Models.of(repo.fs).registry().promote("fraud", r.version().version(), "champion");

      // A second FeatureStore on the same repository opens its own PostgreSQL registry store.
      try (dev.kairos.core.FeatureStore other = dev.kairos.core.FeatureStore.open(repo.dir)) {
        Models m = Models.of(other);
        Run run = m.runs().require(r.run().id());
        assertThat(run.status()).isEqualTo(Run.RunStatus.FINISHED);
        assertThat(run.metrics()).isEqualTo(r.run().metrics());
        ModelVersion v = m.registry().require("fraud", 1);
        assertThat(v.runId()).isEqualTo(r.run().id());
        assertThat(m.registry().aliases()).containsEntry("fraud@champion", 1L);
        assertThat(m.registry().trees(v)).isEqualTo(Models.of(repo.fs).registry().trees(v));
      }
    } finally {
      FraudRepo.deleteTree(tmp);
    }
  }
}
