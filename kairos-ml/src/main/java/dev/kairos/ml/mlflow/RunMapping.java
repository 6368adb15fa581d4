package dev.kairos.ml.mlflow;

import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.FeatureColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a {@link Run} reads in MLflow: its tags, params and metrics, cut to MLflow's limits. */
final class RunMapping {
  /** MLflow's MAX_ENTITY_KEY_LENGTH: keys of params, tags and metrics. */
  static final int MAX_KEY = 250;

  /** MLflow's MAX_PARAM_VAL_LENGTH. */
  static final int MAX_PARAM_VALUE = 6000;

  /**
   * The tag value length every MLflow backend supports (the REST API guarantees 5000; recent
   * servers take 8000).
   */
  static final int MAX_TAG_VALUE = 5000;

  private RunMapping() {}

  static String runName(Run run) {
    return run.model() + "-" + run.id().substring(0, 8);
  }

  /** When the run ended; a run that failed before recording its end counts as ending at start. */
  static Instant end(Run run) {
    return run.endTime() != null ? run.endTime() : run.startTime();
  }

  /** The tags Kairos sets at creation; {@link #userTags} cannot override them. */
  static Map<String, String> systemTags(Run run) {
    Map<String, String> t = new LinkedHashMap<>();
    Run.Lineage l = run.lineage();
    t.put("mlflow.source.name", "kairos");
    t.put("kairos.run_id", run.id());
    t.put("kairos.service", l.service());
    t.put("kairos.registry_version", Long.toString(l.registryVersion()));
    t.put("kairos.label", l.label());
    t.put("kairos.features", features(l.features(), MAX_TAG_VALUE));
    if (run.data() != null) {
      t.put("kairos.data.rows", Long.toString(run.data().rows()));
      t.put("kairos.data.from", run.data().from().toString());
      t.put("kairos.data.to", run.data().to().toString());
      t.put("kairos.data.sha256", run.data().sha256());
    }
    t.put("kairos.version", run.kairosVersion());
    if (run.error() != null) {
      t.put("kairos.error", cut(run.error(), MAX_TAG_VALUE));
    }
    t.replaceAll((k, v) -> cut(v, MAX_TAG_VALUE));
    return t;
  }

  /** The run's own tags, values cut to 5000 characters, without those Kairos sets itself. */
  static Map<String, String> userTags(Run run) {
    Map<String, String> system = systemTags(run);
    Map<String, String> t = new LinkedHashMap<>();
    run.tags()
        .forEach(
            (k, v) -> {
              if (!system.containsKey(k)) {
                t.put(k, cut(v, MAX_TAG_VALUE));
              }
            });
    return t;
  }

  /** The run's params, values cut to 6000 characters. */
  static Map<String, String> params(Run run) {
    Map<String, String> p = new LinkedHashMap<>();
    run.params().forEach((k, v) -> p.put(k, cut(v, MAX_PARAM_VALUE)));
    return p;
  }

  /** The run's metrics at step 0, stamped with its end time. */
  static List<MlflowMetric> metrics(Run run) {
    long at = end(run).toEpochMilli();
    List<MlflowMetric> m = new ArrayList<>(run.metrics().size());
    run.metrics().forEach((k, v) -> m.add(new MlflowMetric(k, v, at, 0)));
    return m;
  }

  /**
   * Feature refs joined by commas; when they do not fit in {@code max} characters, the refs that
   * fit followed by {@code ,…(+N more)}. The full list is in the run's artifacts and local record.
   */
  static String features(List<FeatureColumn> features, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < features.size(); i++) {
      String ref = features.get(i).ref();
      int more = features.size() - i - 1;
      String suffix = more == 0 ? "" : ",…(+" + more + " more)";
      String sep = i == 0 ? "" : ",";
      if (out.length() + sep.length() + ref.length() + suffix.length() > max) {
        String rest = ",…(+" + (features.size() - i) + " more)";
        return (i == 0 ? rest.substring(1) : out + rest);
      }
      out.append(sep).append(ref);
    }
    return out.toString();
  }

  /** Fails, naming the key, when a param, tag or metric key is longer than MLflow accepts. */
  static void requireKeysFit(Run run) {
    List<String> keys = new ArrayList<>(run.params().keySet());
    keys.addAll(run.tags().keySet());
    keys.addAll(run.metrics().keySet());
    for (String k : keys) {
      if (k.length() > MAX_KEY || k.isEmpty()) {
        throw KairosException.user(
            "run "
                + run.id()
                + " has a param, tag or metric named '"
                + MlflowHttp.abbreviate(k, 60)
                + "' ("
                + k.length()
                + " characters); MLflow accepts names of 1 to "
                + MAX_KEY
                + " characters");
      }
    }
  }

  /** The first {@code max} characters of {@code s}, never splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
