package dev.kairos.ml.serve;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.tree.TreeEnsemble;
import java.util.List;

/**
 * A model version ready to score: its trees parsed, its encoders built, built completely before it
 * is swapped in. Remembers the last definitions it was checked against, so a request checks its
 * inputs only when the registry changed.
 */
final class LoadedModel {
  private final ModelVersion version;
  private final TreeEnsemble trees;
  private final List<InputSpec.Encoder> encoders;
  private final List<FeatureRef> refs;
  private final List<String> names;
  private volatile Definitions checked;

  private LoadedModel(ModelVersion version, TreeEnsemble trees, List<InputSpec.Encoder> encoders) {
    this.version = version;
    this.trees = trees;
    this.encoders = encoders;
    this.refs = version.refs();
    this.names = refs.stream().map(FeatureRef::toString).toList();
  }

  ModelVersion version() {
    return version;
  }

  TreeEnsemble trees() {
    return trees;
  }

  List<InputSpec.Encoder> encoders() {
    return encoders;
  }

  /** The inputs' references, in model order. */
  List<FeatureRef> refs() {
    return refs;
  }

  /** The inputs' references as text, in model order. */
  List<String> names() {
    return names;
  }

  /** {@link #checkAgainst}, skipped when {@code defs} is the version last checked. */
  void ensureCompatible(Definitions defs) {
    if (defs != checked) {
      checkAgainst(defs);
      checked = defs;
    }
  }

  static LoadedModel load(ModelVersion v, byte[] modelJson) {
    TreeEnsemble trees = TreeEnsemble.parse(modelJson, v.treeLimit());
    if (trees.numFeatures() != v.inputs().size()) {
      throw KairosException.internal(
          "model "
              + v.model()
              + " version "
              + v.version()
              + " has "
              + trees.numFeatures()
              + " inputs in its trees but "
              + v.inputs().size()
              + " recorded features",
          null);
    }
    return new LoadedModel(v, trees, v.inputs().stream().map(InputSpec::encoder).toList());
  }

  /**
   * Checks that every input still exists in {@code defs} with the type the model was trained on.
   *
   * @throws KairosException USER naming the feature and what changed
   */
  void checkAgainst(Definitions defs) {
    for (InputSpec s : version.inputs()) {
      FeatureRef r = s.ref();
      ValueType now;
      try {
        now = defs.typeOf(r);
      } catch (KairosException e) {
        throw KairosException.user(
            "model "
                + version.model()
                + " version "
                + version.version()
                + " reads "
                + r
                + ", which the applied definitions no longer have; restore it, or train and promote a"
                + " new version");
      }
      if (now != s.type()) {
        throw KairosException.user(
            "model "
                + version.model()
                + " version "
                + version.version()
                + " was trained on "
                + r
                + " as "
                + s.type()
                + " but it is now "
                + now
                + "; train and promote a new version");
      }
    }
  }
}
