package dev.kairos.ml.tree;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import org.junit.jupiter.api.Test;

/** {@link TreeEnsemble} on small hand-written models, where every outcome is known exactly. */
class TreeEnsembleTest {
  /** Feature 1 below 0.5 (or missing) gives -1 for 3 units of cover, otherwise 2 for 1 unit. */
  private static final String STUMP =
      """
      {"left_children": [1, -1, -1], "right_children": [2, -1, -1],
       "split_indices": [1, 0, 0], "split_conditions": [5E-1, -1E0, 2E0],
       "default_left": [1, 0, 0], "sum_hessian": [4E0, 3E0, 1E0],
       "base_weights": [0E0, -1E0, 2E0], "loss_changes": [1E0, 0E0, 0E0],
       "split_type": [0, 0, 0], "categories_nodes": [], "id": 0,
       "tree_param": {"num_deleted": "0", "num_feature": "2", "num_nodes": "3",
                      "size_leaf_vector": "1"}}
      """;

  @Test
  void margin_valueBelowCondition_goesLeft() {
    TreeEnsemble stump = parse(model(STUMP));

    assertThat(stump.margin(new float[] {0, Math.nextDown(0.5f)})).isEqualTo(-1.0);
    assertThat(stump.margin(new float[] {0, Float.NEGATIVE_INFINITY})).isEqualTo(-1.0);
  }

  @Test
  void margin_valueEqualToCondition_goesRight() {
    TreeEnsemble stump = parse(model(STUMP));

    assertThat(stump.margin(new float[] {0, 0.5f})).isEqualTo(2.0);
    assertThat(stump.margin(new float[] {0, Float.POSITIVE_INFINITY})).isEqualTo(2.0);
  }

  @Test
  void margin_missingValue_followsDefaultBranch() {
    TreeEnsemble left = parse(model(STUMP));
    TreeEnsemble right =
        parse(model(STUMP.replace("\"default_left\": [1", "\"default_left\": [0")));

    assertThat(left.margin(new float[] {0, Float.NaN})).isEqualTo(-1.0);
    assertThat(right.margin(new float[] {0, Float.NaN})).isEqualTo(2.0);
  }

  @Test
  void margin_addsTheLogitOfBaseScore_writtenAsVectorOrNumber() {
    TreeEnsemble vector = parse(model(STUMP).replace("[5E-1]", "[2.5E-1]"));
    TreeEnsemble number = parse(model(STUMP).replace("[5E-1]", "2.5E-1"));

    float logit = (float) Math.log(1 / 3.0);
    assertThat(vector.baseMargin()).isEqualTo(logit);
    assertThat(number.baseMargin()).isEqualTo(logit);
    assertThat(vector.margin(new float[] {0, 1})).isEqualTo((double) (logit + 2f));
  }

  @Test
  void probability_isTheLogisticOfTheMargin() {
    TreeEnsemble stump = parse(model(STUMP));

    assertThat(stump.probability(new float[] {0, 1})).isEqualTo(1 / (1 + Math.exp(-2)));
  }

  @Test
  void contributions_ofStump_areTheLeafMinusTheCoverWeightedMean() {
    TreeEnsemble stump = parse(model(STUMP));

    // expected value (-1 * 3 + 2 * 1) / 4 = -0.25; feature 0 is never split on
    assertThat(stump.contributions(new float[] {7, 1})).containsExactly(0, 2.25, -0.25);
    assertThat(stump.contributions(new float[] {7, Float.NaN})).containsExactly(0, -0.75, -0.25);
    assertThat(stump.bias()).isEqualTo(-0.25);
  }

  @Test
  void atBestIteration_usesTheTreesUpToTheBestIteration() {
    TreeEnsemble ensemble =
        parse(model(STUMP + "," + STUMP + "," + STUMP).replace("{}", "{\"best_iteration\":\"1\"}"));

    assertThat(ensemble.bestIteration()).hasValue(1);
    assertThat(ensemble.numTrees()).isEqualTo(3);
    assertThat(ensemble.atBestIteration().numTrees()).isEqualTo(2);
    assertThat(ensemble.atBestIteration().margin(new float[] {0, 1})).isEqualTo(4.0);
    assertThat(ensemble.atBestIteration().contributions(new float[] {0, 1}))
        .containsExactly(0, 4.5, -0.5);
  }

  @Test
  void atBestIteration_withoutBestIteration_usesEveryTree() {
    TreeEnsemble ensemble = parse(model(STUMP + "," + STUMP));

    assertThat(ensemble.bestIteration()).isEmpty();
    assertThat(ensemble.atBestIteration().numTrees()).isEqualTo(2);
  }

  @Test
  void limit_outsideTheModelsTrees_isRejected() {
    TreeEnsemble ensemble = parse(model(STUMP + "," + STUMP));

    assertThatThrownBy(() -> ensemble.limit(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("treeLimit must be between 1 and the model's 2 trees, was 3");
    assertThatThrownBy(() -> TreeEnsemble.parse(model(STUMP).getBytes(UTF_8), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("treeLimit must be between 1 and the model's 1 trees, was 0");
  }

  @Test
  void margin_rowOfWrongLength_isRejected() {
    TreeEnsemble stump = parse(model(STUMP));

    assertThatThrownBy(() -> stump.margin(new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of this model has 2 features, was 3");
    assertThatThrownBy(() -> stump.contributions(new float[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of this model has 2 features, was 1");
  }

  @Test
  void featureNames_areTheModelsInOrder() {
    TreeEnsemble named =
        parse(
            model(STUMP)
                .replace("\"feature_names\": []", "\"feature_names\": [\"amount\", \"age\"]"));
    TreeEnsemble unnamed = parse(model(STUMP));

    assertThat(named.featureNames()).containsExactly("amount", "age");
    assertThat(unnamed.featureNames()).isEmpty();
  }

  @Test
  void parse_otherObjective_isRejectedNamingIt() {
    assertUserError(
        model(STUMP).replace("binary:logistic", "reg:squarederror"),
        "The model's objective is reg:squarederror; TreeEnsemble scores binary:logistic models"
            + " only");
  }

  @Test
  void parse_malformedJson_isRejectedNamingTheExpectedFormat() {
    String truncated = model(STUMP).substring(0, 100);

    assertThatThrownBy(() -> parse(truncated))
        .isInstanceOf(KairosException.class)
        .hasMessageStartingWith("The model is not valid JSON (Unexpected end-of-input")
        .hasMessageEndingWith(
            "); TreeEnsemble reads the JSON that booster.toByteArray(\"json\") or"
                + " saveModel(\"model.json\") writes, not UBJSON or the old binary format");
  }

  @Test
  void parse_jsonThatIsNoModel_isRejectedNamingWhatIsMissing() {
    assertUserError(
        "{\"trees\": []}",
        "The model JSON has no learner object; is it an XGBoost model saved as JSON?");
    assertUserError(
        model(STUMP).replace("\"objective\"", "\"goal\""),
        "The model JSON has no learner.objective; is it an XGBoost model saved as JSON?");
  }

  @Test
  void parse_categoricalSplit_isRejected() {
    assertUserError(
        model(STUMP.replace("\"split_type\": [0, 0, 0]", "\"split_type\": [1, 0, 0]")),
        "Tree 0 of the model splits on a category at node 0; TreeEnsemble scores numerical splits"
            + " only");
  }

  @Test
  void parse_otherBoosterOrParallelTrees_isRejected() {
    assertUserError(
        model(STUMP).replace("\"gbtree\"", "\"dart\""),
        "The model's booster is dart; TreeEnsemble scores gbtree models only");
    assertUserError(
        model(STUMP).replace("\"num_parallel_tree\": \"1\"", "\"num_parallel_tree\": \"4\""),
        "The model grows 4 parallel trees per iteration (num_parallel_tree); TreeEnsemble scores"
            + " models with one tree per iteration only");
  }

  @Test
  void parse_baseScoreNotAProbability_isRejected() {
    assertUserError(
        model(STUMP).replace("[5E-1]", "[1E0]"),
        "The model's base_score [1E0] is not a probability strictly between 0 and 1");
  }

  @Test
  void parse_brokenTree_isRejectedNamingTreeAndNode() {
    assertUserError(
        model(STUMP.replace("[2, -1, -1]", "[3, -1, -1]")),
        "The model JSON is malformed: tree 0: a child of node 0 is outside its 3 nodes");
    assertUserError(
        model(STUMP.replace("\"split_indices\": [1, 0, 0]", "\"split_indices\": [2, 0, 0]")),
        "The model JSON is malformed: tree 0: node 0 splits on feature 2 of a model with 2"
            + " features");
    assertUserError(
        model(STUMP.replace("[1, -1, -1]", "[1, 2, -1]").replace("[2, -1, -1]", "[2, 2, -1]")),
        "The model JSON is malformed: tree 0: node 2 is reached twice from the root");
    assertUserError(
        model(STUMP.replace("[4E0, 3E0, 1E0]", "[4E0, 3E0]")),
        "The model JSON is malformed: tree 0: its node arrays differ in length (2 and 3 entries)");
  }

  private static void assertUserError(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(KairosException.class)
        .hasMessage(message)
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  private static TreeEnsemble parse(String json) {
    return TreeEnsemble.parse(json.getBytes(UTF_8));
  }

  /** A binary:logistic model of two features, base_score 0.5, with the given trees. */
  private static String model(String trees) {
    return """
        {"learner": {"attributes": {}, "feature_names": [], "feature_types": [],
          "gradient_booster": {"name": "gbtree", "model": {
            "gbtree_model_param": {"num_parallel_tree": "1", "num_trees": "1"},
            "iteration_indptr": [0, 1], "tree_info": [0], "trees": [%s]}},
          "learner_model_param": {"base_score": "[5E-1]", "boost_from_average": "1",
            "num_class": "0", "num_feature": "2", "num_target": "1"},
          "objective": {"name": "binary:logistic", "reg_loss_param": {"scale_pos_weight": "1"}}},
         "version": [3, 4, 0]}
        """
        .formatted(trees);
  }
}
