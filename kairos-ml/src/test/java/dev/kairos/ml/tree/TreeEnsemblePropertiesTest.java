package dev.kairos.ml.tree;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.ml.tree.TrainedModel.Setup;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.DMatrix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@link TreeEnsemble} against native XGBoost on arbitrary rows: any mix of ordinary values, the
 * model's own split conditions and their neighbouring floats, extremes, signed zeros and NaN.
 * (XGBoost refuses infinite inputs, so they are tested against hand-written models only.)
 */
class TreeEnsemblePropertiesTest {
  private static TrainedModel model;
  private static TreeEnsemble ensemble;
  private static List<Float> conditions;

  @BeforeContainer
  static void train() throws Exception {
    model = TrainedModel.train(new Setup(6, 10, 0.2, 0.4, 30, "hist", null, 0), 42);
    ensemble = TreeEnsemble.parse(model.json);
    conditions = new ArrayList<>();
    JsonNode trees =
        new ObjectMapper().readTree(model.json).at("/learner/gradient_booster/model/trees");
    for (JsonNode tree : trees) {
      JsonNode left = tree.get("left_children");
      for (int i = 0; i < left.size(); i++) {
        if (left.get(i).asInt() >= 0) {
          float c = (float) tree.get("split_conditions").get(i).asDouble();
          conditions.addAll(List.of(c, Math.nextDown(c), Math.nextUp(c)));
        }
      }
    }
  }

  @AfterContainer
  static void dispose() {
    model.close();
  }

  @Property(tries = 300)
  void margin_equalsNativePredict(@ForAll("rows") float[] row) throws Exception {
    DMatrix d = TrainedModel.matrix(new float[][] {row});
    try {
      float expected = model.booster.predict(d, true, 0)[0][0];

      assertThat(ensemble.margin(row)).isEqualTo((double) expected);
    } finally {
      d.dispose();
    }
  }

  @Property(tries = 300)
  void contributions_equalNativePredictContrib_andSumToMargin(@ForAll("rows") float[] row)
      throws Exception {
    DMatrix d = TrainedModel.matrix(new float[][] {row});
    try {
      float[] expected = model.booster.predictContrib(d, 0)[0];

      double[] phi = ensemble.contributions(row);
      double sum = 0;
      for (int j = 0; j < phi.length; j++) {
        assertThat(Math.abs(phi[j] - expected[j])).as("feature %d", j).isLessThan(1e-4);
        sum += phi[j];
      }
      assertThat(Math.abs(sum - ensemble.margin(row))).isLessThan(1e-5);
    } finally {
      d.dispose();
    }
  }

  @Provide
  Arbitrary<float[]> rows() {
    Arbitrary<Float> value =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.floats().between(-4, 4)),
            Tuple.of(4, Arbitraries.of(conditions)),
            Tuple.of(2, Arbitraries.just(Float.NaN)),
            Tuple.of(
                1, Arbitraries.of(0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE)));
    return value.array(float[].class).ofSize(ensemble.numFeatures());
  }
}
