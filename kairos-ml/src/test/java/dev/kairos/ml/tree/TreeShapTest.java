package dev.kairos.ml.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kairos.ml.tree.TrainedModel.Setup;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TreeShap}'s quadrature form against {@link ReferenceTreeShap}, XGBoost's own algorithm, in
 * double precision: they agree to rounding on models of every depth, whose paths split again and
 * again on the same few features.
 */
class TreeShapTest {
  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 10})
  void contributions_equalXgboostsAlgorithm_toRounding(int depth) throws Exception {
    try (TrainedModel model =
        TrainedModel.train(new Setup(depth, 5, 0.2, 0.4, 10, "exact", null, 0), depth)) {
      TreeEnsemble ensemble = TreeEnsemble.parse(model.json);

      for (float[] row : model.rows) {
        double[] expected = ReferenceTreeShap.contributions(ensemble, row);
        double[] actual = ensemble.contributions(row);
        for (int j = 0; j < expected.length; j++) {
          assertThat(actual[j]).as("feature %d", j).isCloseTo(expected[j], within(1e-12));
        }
      }
    }
  }

  @Test
  void contributions_besideABranchNoTrainingRowTook_equalXgboostsAlgorithm() {
    // feature 0 < 0.5 leads to a split on feature 1 whose right branch has zero cover
    String tree =
        """
        {"left_children": [1, 3, -1, -1, -1], "right_children": [2, 4, -1, -1, -1],
         "split_indices": [0, 1, 0, 0, 0], "split_conditions": [5E-1, 5E-1, -1E0, 1E0, 5E0],
         "default_left": [1, 0, 0, 0, 0], "sum_hessian": [6E0, 4E0, 2E0, 4E0, 0E0],
         "split_type": [0, 0, 0, 0, 0], "categories_nodes": []}
        """;
    String json =
        """
        {"learner": {"attributes": {}, "feature_names": [],
          "gradient_booster": {"name": "gbtree", "model": {"trees": [%s]}},
          "learner_model_param": {"base_score": "5E-1", "num_feature": "2"},
          "objective": {"name": "binary:logistic"}}}
        """
            .formatted(tree);
    TreeEnsemble ensemble = TreeEnsemble.parse(json.getBytes(StandardCharsets.UTF_8));

    for (float[] row :
        new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {Float.NaN, Float.NaN}, {0, Float.NaN}}) {
      assertThat(ensemble.contributions(row))
          .containsExactly(ReferenceTreeShap.contributions(ensemble, row), within(1e-15));
    }
  }

  @ParameterizedTest(name = "{0} points")
  @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16})
  void quadrature_integratesPolynomialsUpToDegree2nMinus1(int points) {
    Quadrature quadrature = Quadrature.forDepth(2 * points);
    assertThat(quadrature.size()).isEqualTo(points);

    for (int degree = 0; degree < 2 * points; degree++) {
      int k = degree;
      double integral =
          IntStream.range(0, points)
              .mapToDouble(q -> quadrature.weight(q) * Math.pow(quadrature.node(q), k))
              .sum();
      assertThat(integral).as("∫ t^%d", k).isCloseTo(1.0 / (k + 1), within(1e-14));
    }
  }
}
