package dev.kairos.ml.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.RunJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training parameters: XGBoost's own (passed through as they are) plus {@code num_boost_round} and
 * {@code early_stopping_rounds}. {@code --params FILE} is a JSON object whose values replace the
 * defaults; {@code objective} is always {@code binary:logistic}.
 */
public final class XgbParams {
  /** Defaults, tuned for fraud rates around 2% and a few hundred thousand rows. */
  public static Map<String, String> defaults() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("objective", "binary:logistic");
    p.put("eval_metric", "aucpr");
    p.put("tree_method", "hist");
    p.put("max_depth", "6");
    p.put("eta", "0.1");
    p.put("min_child_weight", "1");
    p.put("subsample", "0.9");
    p.put("colsample_bytree", "0.9");
    p.put("seed", "42");
    p.put("nthread", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));
    p.put("num_boost_round", "300");
    p.put("early_stopping_rounds", "30");
    return p;
  }

  private XgbParams() {}

  /**
   * The defaults with a file's values on top.
   *
   * @throws KairosException USER naming the file and the offending key
   */
  public static Map<String, String> load(Path file) {
    Map<String, String> p = defaults();
    if (file == null) {
      return p;
    }
    JsonNode n;
    try {
      n = RunJson.MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw KairosException.user(file + ": no such file (--params)");
    } catch (IOException e) {
      throw KairosException.user(
          file + ": not a JSON object of parameters (--params): " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw KairosException.user(
          file + ": --params must hold a JSON object such as {\"max_depth\": 4, \"eta\": 0.05}");
    }
    n.properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (!v.isValueNode() || v.isNull()) {
                throw KairosException.user(
                    file + ": parameter '" + e.getKey() + "' must be a number, text or boolean");
              }
              if (e.getKey().equals("objective") && !v.asText().equals("binary:logistic")) {
                throw KairosException.user(
                    file
                        + ": objective '"
                        + v.asText()
                        + "' is not supported; Kairos trains binary classifiers"
                        + " (binary:logistic)");
              }
              p.put(e.getKey(), v.asText());
            });
    positiveInt(file, p, "num_boost_round");
    positiveInt(file, p, "early_stopping_rounds");
    return p;
  }

  static int positiveInt(Path file, Map<String, String> p, String key) {
    try {
      int v = Integer.parseInt(p.get(key));
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw KairosException.user(
        (file == null ? "" : file + ": ")
            + key
            + " must be a whole number >= 1, not '"
            + p.get(key)
            + "'");
  }

  /** The parameters XGBoost receives: all but Kairos' own two. */
  static Map<String, Object> booster(Map<String, String> p) {
    Map<String, Object> out = new LinkedHashMap<>(p);
    out.remove("num_boost_round");
    out.remove("early_stopping_rounds");
    out.put("verbosity", out.getOrDefault("verbosity", "0"));
    // XGBoost4J prints every round's evaluation to stdout unless told not to.
    out.put("verbose_eval", "false");
    return out;
  }
}
