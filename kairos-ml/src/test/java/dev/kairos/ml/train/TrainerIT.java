package dev.kairos.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.ml.FraudRepo;
import dev.kairos.ml.Models;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.RunStatus;
import dev.kairos.ml.tree.TreeEnsemble;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Training on the fraud template's generated data, on the embedded stores. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainerIT {
  Path tmp;
  FraudRepo repo;
  Models models;
  Trainer.Result trained;

  @BeforeAll
  void trainOnce() throws Exception {
    System.setProperty("java.awt.headless", "true");
    tmp = Files.createTempDirectory("kairos-ml-it");
    repo = FraudRepo.embedded(tmp.resolve("repo"), 300, 21);
    models = Models.of(repo.fs);
    trained = models.trainer().train(request(repo.transactions, "is_fraud", TimeSplit.DEFAULT));
  }

  @AfterAll
  void close() throws Exception {
    repo.close();
    dev.kairos.ml.FraudRepo.deleteTree(tmp);
  }

  static TrainRequest request(Path labels, String label, String split) {
    return new TrainRequest(
        "fraud_detection_v1", labels, label, "fraud", null, split, "best-f1", null);
  }

  @Test
  void train_recordsAFinishedRun_withLineageDataAndMetrics() throws Exception {
    Run run = models.runs().require(trained.run().id());
    assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.endTime()).isNotNull();
    assertThat(run.lineage().service()).isEqualTo("fraud_detection_v1");
    assertThat(run.lineage().registryVersion()).isEqualTo(1);
    assertThat(run.lineage().features().stream().map(Run.FeatureColumn::ref).toList())
        .isEqualTo(
            repo.fs.definitions().resolveService("fraud_detection_v1").stream()
                .map(FeatureRef::toString)
                .toList());
    assertThat(run.data().rows()).isEqualTo(rows(repo.transactions));
    assertThat(run.data().sha256()).matches("[0-9a-f]{64}");
    assertThat(run.metrics())
        .containsKeys(
            "train.rows",
            "validation.rows",
            "test.rows",
            "test.roc_auc",
            "test.pr_auc",
            "test.log_loss",
            "test.precision",
            "test.recall",
            "test.f1",
            "test.tp",
            "threshold",
            "trees",
            "training_seconds",
            "baseline.test.roc_auc",
            "baseline.test.f1",
            "gain.user_txn_windows.amount_count_10m");
    double total =
        run.metrics().get("train.rows")
            + run.metrics().get("validation.rows")
            + run.metrics().get("test.rows");
    assertThat(total).isEqualTo((double) run.data().rows());
    assertThat(run.metrics().get("test.roc_auc")).isGreaterThan(0.9);
    // What the aggregations and request-time features bring over the last values alone.
    assertThat(run.metrics().get("test.pr_auc"))
        .isGreaterThan(run.metrics().get("baseline.test.pr_auc"));
    assertThat(run.tags()).containsEntry("model_version", "1");
    assertThat(run.kairosVersion()).isNotBlank();
  }

  @Test
  void train_writesTheModelMetricsAndThreePlots() throws Exception {
    Path dir = trained.artifactDir();
    assertThat(trained.run().artifacts().stream().map(Run.Artifact::path))
        .containsExactly(
            "model/model.json",
            "model/inputs.json",
            "metrics.json",
            "features.json",
            "plots/roc.png",
            "plots/pr.png",
            "plots/importance.png");
    for (Run.Artifact a : trained.run().artifacts()) {
      assertThat(dir.resolve(a.path())).isRegularFile();
    }
    BufferedImage roc = ImageIO.read(dir.resolve("plots/roc.png").toFile());
    assertThat(roc.getWidth()).isGreaterThan(400);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList())
          .isEmpty();
    }
  }

  @Test
  void train_registersAVersion_withTheServiceFeaturesInOrder_andItsTrees() {
    ModelVersion v = models.registry().require("fraud", trained.version().version());
    assertThat(v.refs()).isEqualTo(repo.fs.definitions().resolveService("fraud_detection_v1"));
    assertThat(v.runId()).isEqualTo(trained.run().id());
    assertThat(v.threshold()).isEqualTo(trained.run().metrics().get("threshold"));
    TreeEnsemble trees = TreeEnsemble.parse(models.registry().trees(v), v.treeLimit());
    assertThat(trees.numFeatures()).isEqualTo(v.inputs().size());
    assertThat(trees.numTrees()).isEqualTo(v.treeLimit());
  }

  @Test
  void train_sameDataTwice_givesTheSameFingerprint_andANewVersion() {
    Trainer.Result again =
        models.trainer().train(request(repo.transactions, "is_fraud", TimeSplit.DEFAULT));
    assertThat(again.run().data().sha256()).isEqualTo(trained.run().data().sha256());
    assertThat(again.version().version()).isGreaterThan(trained.version().version());
    assertThat(again.run().id()).isNotEqualTo(trained.run().id());
  }

  @Test
  void train_unknownLabelColumn_failsBeforeAnyRun() {
    int before = models.runs().list().size();
    assertThatThrownBy(
            () ->
                models.trainer().train(request(repo.transactions, "fraud_flag", TimeSplit.DEFAULT)))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith(
            repo.transactions + ": no label column 'fraud_flag'; its columns are [transaction_id,");
    assertThat(models.runs().list()).hasSize(before);
  }

  @Test
  void train_unknownService_failsBeforeAnyRun() {
    int before = models.runs().list().size();
    assertThatThrownBy(
            () ->
                models
                    .trainer()
                    .train(
                        new TrainRequest(
                            "nope",
                            repo.transactions,
                            "is_fraud",
                            "fraud",
                            null,
                            null,
                            null,
                            null)))
        .isInstanceOf(KairosException.class)
        .satisfies(e -> assertThat(((KairosException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND))
        .hasMessageContaining("nope");
    assertThat(models.runs().list()).hasSize(before);
  }

  @Test
  void train_labelThatIsNotZeroOrOne_recordsAFailedRun_namingTheLine() throws Exception {
    Path bad = tmp.resolve("bad-labels.csv");
    List<String> lines = Files.readAllLines(repo.transactions);
    String row = lines.get(5);
    lines.set(5, row.substring(0, row.lastIndexOf(',')) + ",2");
    Files.write(bad, lines);
    List<String> before = ids();
    assertThatThrownBy(() -> models.trainer().train(request(bad, "is_fraud", TimeSplit.DEFAULT)))
        .isInstanceOf(KairosException.class)
        .hasMessage("bad-labels.csv:6: label is_fraud is '2'; labels must be 0 or 1");
    Run failed = newRun(before);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error())
        .isEqualTo("bad-labels.csv:6: label is_fraud is '2'; labels must be 0 or 1");
    assertThat(models.registry().versions("fraud").stream().map(ModelVersion::runId))
        .doesNotContain(failed.id());
  }

  @Test
  void train_splitWithNoPositiveRow_recordsAFailedRun() throws Exception {
    Path noFraudAtEnd = tmp.resolve("late-legit.csv");
    List<String> lines = Files.readAllLines(repo.transactions);
    int from = (int) (lines.size() * 0.8);
    for (int i = from; i < lines.size(); i++) {
      String row = lines.get(i);
      lines.set(i, row.substring(0, row.lastIndexOf(',')) + ",0");
    }
    Files.write(noFraudAtEnd, lines);
    List<String> before = ids();
    assertThatThrownBy(
            () -> models.trainer().train(request(noFraudAtEnd, "is_fraud", TimeSplit.DEFAULT)))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith("the test split of --split 0.7,0.15,0.15 (")
        .hasMessageEndingWith(
            " rows) has no positive label; both classes must appear in every split: move the split"
                + " or label more rows");
    assertThat(newRun(before).status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void train_tooFewRows_isRefused() throws Exception {
    Path few = tmp.resolve("few.csv");
    List<String> lines = Files.readAllLines(repo.transactions);
    Files.write(few, lines.subList(0, 60));
    assertThatThrownBy(() -> models.trainer().train(request(few, "is_fraud", TimeSplit.DEFAULT)))
        .isInstanceOf(KairosException.class)
        .hasMessageMatching(
            "the train split of --split 0.7,0.15,0.15 has \\d+ rows of 59; it needs at least 100: label more rows, or move the split");
  }

  @Test
  void train_badModelName_isRefused() {
    assertThatThrownBy(
            () ->
                models
                    .trainer()
                    .train(
                        new TrainRequest(
                            "fraud_detection_v1",
                            repo.transactions,
                            "is_fraud",
                            "no way",
                            null,
                            null,
                            null,
                            null)))
        .hasMessage(
            "model 'no way' is not a valid name; use a letter, then letters, digits, '_' or '-' (at most 64)");
  }

  private List<String> ids() {
    return models.runs().list().stream().map(Run::id).toList();
  }

  private Run newRun(List<String> before) {
    List<Run> added = models.runs().list().stream().filter(r -> !before.contains(r.id())).toList();
    assertThat(added).hasSize(1);
    return added.get(0);
  }

  private static long rows(Path csv) throws Exception {
    try (Stream<String> lines = Files.lines(csv)) {
      return lines.count() - 1;
    }
  }

  static String join(List<String> l) {
    return l.stream().collect(Collectors.joining(","));
  }
}
