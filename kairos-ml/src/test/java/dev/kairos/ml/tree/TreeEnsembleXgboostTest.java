package dev.kairos.ml.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.ml.tree.TrainedModel.Setup;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TreeEnsemble} against native XGBoost: models of every depth from 1 to 8, trained with
 * missing values by three tree methods, with estimated and explicit base scores, scored on fresh
 * rows, rows with missing values and rows exactly on split conditions.
 */
class TreeEnsembleXgboostTest {
  private static final double MARGIN_TOLERANCE = 1e-5;
  private static final double CONTRIBUTION_TOLERANCE = 1e-4;
  private static final Map<Setup, TrainedModel> MODELS = new ConcurrentHashMap<>();

  static Stream<Setup> setups() {
    return Stream.of(
        new Setup(1, 5, 0.10, 0.4, 30, "hist", null, 0),
        new Setup(2, 8, 0.30, 0.5, 40, "exact", null, 0),
        new Setup(3, 12, 0.20, 0.3, 40, "approx", null, 0),
        new Setup(4, 20, 0.15, 0.5, 30, "hist", null, 0),
        new Setup(5, 6, 0.25, 0.4, 30, "exact", null, 0),
        new Setup(6, 20, 0.20, 0.5, 60, "hist", null, 0),
        new Setup(7, 10, 0.10, 0.35, 25, "approx", null, 0),
        new Setup(8, 15, 0.30, 0.5, 25, "hist", null, 0),
        // unbalanced labels: XGBoost estimates a base_score far from 0.5
        new Setup(4, 10, 0.20, 0.08, 30, "hist", null, 0),
        new Setup(3, 10, 0.20, 0.5, 30, "hist", 0.2f, 0));
  }

  @AfterAll
  static void disposeModels() {
    MODELS.values().forEach(TrainedModel::close);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void margin_matchesNativePredict(Setup setup) throws Exception {
    TrainedModel model = model(setup);
    TreeEnsemble ensemble = TreeEnsemble.parse(model.json);
    assertThat(ensemble.numTrees()).isEqualTo(model.treesInModel());

    float[] expected = model.predict(true, 0);
    assertThat(maxDiff(model.rows, expected, ensemble::margin)).isLessThan(MARGIN_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void probability_matchesNativePredict(Setup setup) throws Exception {
    TrainedModel model = model(setup);
    TreeEnsemble ensemble = TreeEnsemble.parse(model.json);

    float[] expected = model.predict(false, 0);
    assertThat(maxDiff(model.rows, expected, ensemble::probability)).isLessThan(MARGIN_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void contributions_matchNativePredictContrib_andSumToMargin(Setup setup) throws Exception {
    TrainedModel model = model(setup);
    TreeEnsemble ensemble = TreeEnsemble.parse(model.json);

    assertContributions(model, ensemble, 0);
  }

  @Test
  void baseScore_ofUnbalancedLabels_isEstimatedAwayFromHalf() throws Exception {
    TreeEnsemble ensemble =
        TreeEnsemble.parse(model(new Setup(4, 10, 0.20, 0.08, 30, "hist", null, 0)).json);

    assertThat(ensemble.baseMargin()).isLessThan(-1.5);
  }

  @Test
  void baseScore_givenExplicitly_isItsLogit() throws Exception {
    TreeEnsemble ensemble =
        TreeEnsemble.parse(model(new Setup(3, 10, 0.20, 0.5, 30, "hist", 0.2f, 0)).json);

    assertThat(ensemble.baseMargin()).isCloseTo(Math.log(0.2 / 0.8), within(1e-6));
  }

  @Test
  void atBestIteration_afterEarlyStopping_matchesNativeWithBestTreeLimit() throws Exception {
    TrainedModel model = model(new Setup(6, 12, 0.20, 0.4, 200, "hist", null, 5));
    TreeEnsemble all = TreeEnsemble.parse(model.json);
    int best = all.bestIteration().orElseThrow();
    assertThat(all.numTrees()).isEqualTo(best + 1 + 5);

    TreeEnsemble ensemble = all.atBestIteration();

    assertThat(ensemble.numTrees()).isEqualTo(best + 1);
    float[] margins = model.predict(true, best + 1);
    assertThat(maxDiff(model.rows, margins, ensemble::margin)).isLessThan(MARGIN_TOLERANCE);
    float[] probabilities = model.predict(false, best + 1);
    assertThat(maxDiff(model.rows, probabilities, ensemble::probability))
        .isLessThan(MARGIN_TOLERANCE);
    assertContributions(model, ensemble, best + 1);
  }

  @Test
  void parse_withTreeLimit_matchesNativeWithTheSameLimit() throws Exception {
    TrainedModel model = model(new Setup(5, 12, 0.20, 0.4, 40, "hist", null, 0));

    TreeEnsemble ensemble = TreeEnsemble.parse(model.json, 7);

    assertThat(ensemble.numTrees()).isEqualTo(7);
    assertThat(ensemble.bestIteration()).isEmpty();
    float[] margins = model.predict(true, 7);
    assertThat(maxDiff(model.rows, margins, ensemble::margin)).isLessThan(MARGIN_TOLERANCE);
    assertContributions(model, ensemble, 7);
  }

  @Test
  void limit_raisedAgain_usesEveryTree() throws Exception {
    TrainedModel model = model(new Setup(5, 12, 0.20, 0.4, 40, "hist", null, 0));
    TreeEnsemble all = TreeEnsemble.parse(model.json);

    TreeEnsemble again = all.limit(3).limit(40);

    float[] row = model.rows[0];
    assertThat(again.margin(row)).isEqualTo(all.margin(row));
    assertThat(again.contributions(row)).containsExactly(all.contributions(row));
  }

  @Test
  void parse_ubjsonModel_isRejectedNamingTheJsonFormat() throws Exception {
    byte[] ubjson = model(new Setup(1, 5, 0.10, 0.4, 30, "hist", null, 0)).booster.toByteArray();

    assertThatThrownBy(() -> TreeEnsemble.parse(ubjson))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith("The model is not valid JSON (")
        .hasMessageEndingWith(
            "); TreeEnsemble reads the JSON that booster.toByteArray(\"json\") or"
                + " saveModel(\"model.json\") writes, not UBJSON or the old binary format")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  @Test
  void parse_regressionModel_isRejectedNamingItsObjective() throws Exception {
    DMatrix data = TrainedModel.matrix(new float[][] {{1, 2}, {2, 1}, {3, 0}, {0, 3}});
    data.setLabel(new float[] {1.5f, 0.5f, 2.5f, 0.1f});
    Booster regression =
        XGBoost.train(
            data, Map.of("objective", "reg:squarederror", "nthread", 1), 2, Map.of(), null, null);
    try {
      byte[] json = regression.toByteArray("json");

      assertThatThrownBy(() -> TreeEnsemble.parse(json))
          .isInstanceOf(KairosException.class)
          .hasMessage(
              "The model's objective is reg:squarederror; TreeEnsemble scores binary:logistic"
                  + " models only");
    } finally {
      regression.dispose();
      data.dispose();
    }
  }

  @Test
  void contributions_fromManyThreadsAtOnce_equalOneThreads() throws Exception {
    TrainedModel model = model(new Setup(6, 20, 0.20, 0.5, 60, "hist", null, 0));
    TreeEnsemble ensemble = TreeEnsemble.parse(model.json);
    Callable<double[][]> explainAll =
        () -> Arrays.stream(model.rows).map(ensemble::contributions).toArray(double[][]::new);
    double[][] expected = explainAll.call();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[][]>> runs = pool.invokeAll(Collections.nCopies(4, explainAll));
      for (Future<double[][]> run : runs) {
        assertThat(run.get()).isDeepEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertContributions(TrainedModel model, TreeEnsemble ensemble, int limit)
      throws XGBoostError {
    float[][] expected = model.predictContrib(limit);
    double maxDiff = 0;
    double maxSumDiff = 0;
    for (int i = 0; i < model.rows.length; i++) {
      double[] phi = ensemble.contributions(model.rows[i]);
      assertThat(phi).hasSize(expected[i].length);
      double sum = 0;
      for (int j = 0; j < phi.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(phi[j] - expected[i][j]));
        sum += phi[j];
      }
      maxSumDiff = Math.max(maxSumDiff, Math.abs(sum - ensemble.margin(model.rows[i])));
    }
    assertThat(maxDiff).as("contributions against native").isLessThan(CONTRIBUTION_TOLERANCE);
    assertThat(maxSumDiff).as("sum of contributions against margin").isLessThan(MARGIN_TOLERANCE);
  }

  private static double maxDiff(
      float[][] rows, float[] expected, ToDoubleFunction<float[]> actual) {
    double max = 0;
    for (int i = 0; i < rows.length; i++) {
      max = Math.max(max, Math.abs(actual.applyAsDouble(rows[i]) - expected[i]));
    }
    return max;
  }

  private static TrainedModel model(Setup setup) {
    return MODELS.computeIfAbsent(
        setup,
        s -> {
          try {
            return TrainedModel.train(s, List.of(s.depth(), s.features(), s.rounds()).hashCode());
          } catch (Exception e) {
            throw new IllegalStateException("training " + s + " failed", e);
          }
        });
  }
}
