package dev.kairos.ml.tree;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** Reads the JSON model format of XGBoost (1.0 to 3.x) into a {@link TreeEnsemble}. */
final class ModelReader {
  // Decimals are kept exact and rounded once to float, so every split condition is the float
  // XGBoost wrote (a double in between could round a condition to the neighbouring float).
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private static final String OBJECTIVE = "binary:logistic";

  private ModelReader() {}

  static TreeEnsemble read(byte[] modelJson) {
    JsonNode root;
    try {
      root = JSON.readTree(modelJson);
    } catch (JsonProcessingException e) {
      throw new KairosException(
          ErrorKind.USER,
          "The model is not valid JSON ("
              + e.getOriginalMessage()
              + "); TreeEnsemble reads the JSON that booster.toByteArray(\"json\") or"
              + " saveModel(\"model.json\") writes, not UBJSON or the old binary format",
          e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array cannot fail", e);
    }
    JsonNode learner = object(root, "learner");
    String objective = required(learner, "learner", "objective", "name").asText();
    if (!objective.equals(OBJECTIVE)) {
      throw KairosException.user(
          "The model's objective is "
              + objective
              + "; TreeEnsemble scores "
              + OBJECTIVE
              + " models only");
    }
    JsonNode params = required(learner, "learner", "learner_model_param");
    int numFeatures = integer(params, "learner.learner_model_param", "num_feature");
    int numTargets = params.has("num_target") ? params.get("num_target").asInt() : 1;
    if (numTargets != 1) {
      throw KairosException.user(
          "The model has "
              + numTargets
              + " targets; TreeEnsemble scores single-target models only");
    }
    float baseMargin = baseMargin(required(params, "learner.learner_model_param", "base_score"));

    JsonNode booster = required(learner, "learner", "gradient_booster");
    String boosterName = required(booster, "learner.gradient_booster", "name").asText();
    if (!boosterName.equals("gbtree")) {
      throw KairosException.user(
          "The model's booster is " + boosterName + "; TreeEnsemble scores gbtree models only");
    }
    JsonNode model = required(booster, "learner.gradient_booster", "model");
    JsonNode gbParams = model.path("gbtree_model_param");
    int parallel =
        gbParams.has("num_parallel_tree") ? gbParams.get("num_parallel_tree").asInt() : 1;
    if (parallel != 1) {
      throw KairosException.user(
          "The model grows "
              + parallel
              + " parallel trees per iteration (num_parallel_tree); TreeEnsemble scores models"
              + " with one tree per iteration only");
    }
    JsonNode trees = required(model, "learner.gradient_booster.model", "trees");
    if (!trees.isArray()) {
      throw malformed("learner.gradient_booster.model.trees is not an array");
    }
    Forest forest = forest(trees, numFeatures);
    return new TreeEnsemble(
        forest,
        forest.size(),
        numFeatures,
        baseMargin,
        bestIteration(learner.path("attributes")),
        featureNames(learner.path("feature_names"), numFeatures));
  }

  /**
   * Copies every tree's nodes reachable from its root, numbered breadth-first so that a node's
   * children are adjacent (the right child follows the left one), which XGBoost's own numbering
   * does not promise once nodes were pruned.
   */
  private static Forest forest(JsonNode trees, int numFeatures) {
    int capacity = 0;
    for (JsonNode tree : trees) {
      capacity += tree.path("left_children").size();
    }
    int[] roots = new int[trees.size()];
    int[] left = new int[capacity];
    int[] feature = new int[capacity];
    float[] split = new float[capacity];
    boolean[] defaultLeft = new boolean[capacity];
    float[] cover = new float[capacity];
    int maxDepth = 0;
    int size = 0;
    for (int t = 0; t < trees.size(); t++) {
      TreeArrays a = new TreeArrays(trees.get(t), t);
      roots[t] = size;
      int[] order = new int[a.size]; // original node ids, breadth-first
      int[] depth = new int[a.size];
      boolean[] seen = new boolean[a.size];
      seen[0] = true;
      int queued = 1;
      for (int head = 0; head < queued; head++) {
        int i = order[head];
        int n = size + head;
        int l = a.child(a.left, i);
        feature[n] = a.feature(i, numFeatures);
        split[n] = a.split.get(i).floatValue();
        JsonNode d = a.defaultLeft.get(i);
        defaultLeft[n] = d.isBoolean() ? d.booleanValue() : d.asInt() != 0;
        cover[n] = a.cover.get(i).floatValue();
        if (l < 0) {
          left[n] = -1;
          maxDepth = Math.max(maxDepth, depth[i]);
          continue;
        }
        left[n] = size + queued;
        for (int c : new int[] {l, a.child(a.right, i)}) {
          if (seen[c]) {
            throw a.malformed("node " + c + " is reached twice from the root");
          }
          seen[c] = true;
          depth[c] = depth[i] + 1;
          order[queued++] = c;
        }
      }
      size += queued;
    }
    return new Forest(
        roots,
        Arrays.copyOf(left, size),
        Arrays.copyOf(feature, size),
        Arrays.copyOf(split, size),
        Arrays.copyOf(defaultLeft, size),
        Arrays.copyOf(cover, size),
        maxDepth);
  }

  /** XGBoost 2+ writes base_score as "[5E-1]" (a vector of one), earlier versions as "5E-1". */
  private static float baseMargin(JsonNode node) {
    String text = node.asText().trim();
    String value =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    float p;
    try {
      p = Float.parseFloat(value.trim());
    } catch (NumberFormatException e) {
      throw KairosException.user(
          "The model's base_score "
              + text
              + " is not one number; TreeEnsemble scores"
              + " single-target models only");
    }
    if (!(p > 0 && p < 1)) {
      throw KairosException.user(
          "The model's base_score " + text + " is not a probability strictly between 0 and 1");
    }
    // XGBoost's ProbToMargin for binary:logistic, in float: -log(1 / p - 1).
    return (float) -Math.log(1.0f / p - 1.0f);
  }

  private static OptionalInt bestIteration(JsonNode attributes) {
    JsonNode best = attributes.get("best_iteration");
    if (best == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(best.asText().trim()));
    } catch (NumberFormatException e) {
      throw malformed("learner.attributes.best_iteration " + best + " is not an integer");
    }
  }

  private static List<String> featureNames(JsonNode names, int numFeatures) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(n.asText()));
    if (!out.isEmpty() && out.size() != numFeatures) {
      throw malformed(
          "learner.feature_names has " + out.size() + " names for " + numFeatures + " features");
    }
    return out;
  }

  private static JsonNode required(JsonNode parent, String parentPath, String... fields) {
    JsonNode node = parent;
    String path = parentPath;
    for (String field : fields) {
      node = node.get(field);
      path = path + "." + field;
      if (node == null || node.isNull()) {
        throw KairosException.user(
            "The model JSON has no " + path + "; is it an XGBoost model saved as JSON?");
      }
    }
    return node;
  }

  private static JsonNode object(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isObject()) {
      throw KairosException.user(
          "The model JSON has no " + field + " object; is it an XGBoost model saved as JSON?");
    }
    return node;
  }

  private static int integer(JsonNode parent, String parentPath, String field) {
    JsonNode node = required(parent, parentPath, field);
    try {
      return Integer.parseInt(node.asText().trim());
    } catch (NumberFormatException e) {
      throw malformed(parentPath + "." + field + " " + node + " is not an integer");
    }
  }

  static KairosException malformed(String detail) {
    return KairosException.user("The model JSON is malformed: " + detail);
  }

  /** The node arrays of one tree, all checked to be arrays of the same length. */
  private static final class TreeArrays {
    final int index;
    final JsonNode left;
    final JsonNode right;
    final JsonNode feature;
    final JsonNode split;
    final JsonNode defaultLeft;
    final JsonNode cover;
    final JsonNode splitType;
    final int size;

    TreeArrays(JsonNode tree, int index) {
      this.index = index;
      this.left = array(tree, "left_children");
      this.right = array(tree, "right_children");
      this.feature = array(tree, "split_indices");
      this.split = array(tree, "split_conditions");
      this.defaultLeft = array(tree, "default_left");
      this.cover = array(tree, "sum_hessian");
      this.splitType = tree.path("split_type");
      this.size = left.size();
      if (size == 0) {
        throw malformed("it has no nodes");
      }
      for (JsonNode a : List.of(right, feature, split, defaultLeft, cover)) {
        if (a.size() != size) {
          throw malformed(
              "its node arrays differ in length (" + a.size() + " and " + size + " entries)");
        }
      }
      int leafVector = tree.path("tree_param").path("size_leaf_vector").asInt(1);
      if (leafVector > 1) {
        throw KairosException.user(
            "Tree "
                + index
                + " of the model has leaves of "
                + leafVector
                + " values; TreeEnsemble scores single-target models only");
      }
      if (tree.path("categories_nodes").size() > 0) {
        throw categorical(tree.get("categories_nodes").get(0).asInt());
      }
    }

    /** Child {@code i} of {@code children} (left or right), or -1 at a leaf; checks the node. */
    int child(JsonNode children, int i) {
      int l = left.get(i).asInt();
      int r = right.get(i).asInt();
      if ((l < 0) != (r < 0)) {
        throw malformed("node " + i + " has one child (" + l + ", " + r + ")");
      }
      if (l >= size || r >= size) {
        throw malformed("a child of node " + i + " is outside its " + size + " nodes");
      }
      if (l >= 0 && splitType.has(i) && splitType.get(i).asInt() != 0) {
        throw categorical(i);
      }
      return children.get(i).asInt() < 0 ? -1 : children.get(i).asInt();
    }

    /** The feature node {@code i} splits on, checked at a split. */
    int feature(int i, int numFeatures) {
      int f = feature.get(i).asInt();
      if (left.get(i).asInt() >= 0 && (f < 0 || f >= numFeatures)) {
        throw malformed(
            "node "
                + i
                + " splits on feature "
                + f
                + " of a model with "
                + numFeatures
                + " features");
      }
      return f;
    }

    KairosException categorical(int node) {
      return KairosException.user(
          "Tree "
              + index
              + " of the model splits on a category at node "
              + node
              + "; TreeEnsemble scores numerical splits only");
    }

    private JsonNode array(JsonNode tree, String name) {
      JsonNode a = tree.get(name);
      if (a == null || !a.isArray()) {
        throw malformed("it has no " + name + " array");
      }
      return a;
    }

    KairosException malformed(String detail) {
      return ModelReader.malformed("tree " + index + ": " + detail);
    }
  }
}
