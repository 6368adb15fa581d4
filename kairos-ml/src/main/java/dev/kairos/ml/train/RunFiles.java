package dev.kairos.ml.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.ml.eval.NamedCurve;
import dev.kairos.ml.eval.Plots;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.runs.Run.Artifact;
import dev.kairos.ml.runs.RunJson;
import dev.kairos.ml.train.TimeSplit.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a run, under its folder: {@code model/model.json} (XGBoost's JSON model, every
 * tree), {@code model/inputs.json} (the features in input order with their types and encodings, the
 * tree limit and the threshold), {@code metrics.json}, {@code features.json} and the plots {@code
 * plots/roc.png}, {@code plots/pr.png} and {@code plots/importance.png}.
 */
final class RunFiles {
  private RunFiles() {}

  record Written(List<Artifact> artifacts) {}

  static Written write(Path dir, Evaluated model, Evaluated baseline, List<InputSpec> specs) {
    List<Artifact> out = new ArrayList<>();
    bytes(dir, "model/model.json", model.fit().modelJson(), "model", out);
    ObjectNode inputs = RunJson.MAPPER.createObjectNode();
    inputs.put("tree_limit", model.fit().treeLimit()).put("threshold", model.threshold());
    ArrayNode list = inputs.putArray("inputs");
    for (InputSpec s : specs) {
      ObjectNode i = list.addObject().put("ref", s.ref().toString()).put("type", s.type().name());
      if (!s.vocabulary().isEmpty()) {
        ArrayNode v = i.putArray("vocabulary");
        s.vocabulary().forEach(v::add);
      }
    }
    text(dir, "model/inputs.json", inputs.toPrettyString(), "model", out);
    ObjectNode metrics = RunJson.MAPPER.createObjectNode();
    put(metrics, model.metrics(""));
    if (baseline != null) {
      put(metrics, baseline.metrics("baseline."));
    }
    text(dir, "metrics.json", metrics.toPrettyString(), "metrics", out);
    ArrayNode features = RunJson.MAPPER.createArrayNode();
    specs.forEach(
        s -> features.addObject().put("ref", s.ref().toString()).put("type", s.type().name()));
    text(dir, "features.json", features.toPrettyString(), "features", out);

    List<NamedCurve> roc = new ArrayList<>();
    List<NamedCurve> pr = new ArrayList<>();
    for (Evaluated e : baseline == null ? List.of(model) : List.of(model, baseline)) {
      String name = e == model ? "model (" + specs.size() + " features)" : "last-value baseline";
      roc.add(NamedCurve.roc(name, e.labels().get(Part.TEST), e.scores().get(Part.TEST)));
      pr.add(
          NamedCurve.precisionRecall(name, e.labels().get(Part.TEST), e.scores().get(Part.TEST)));
    }
    Plots.roc(mkdirs(dir.resolve("plots")).resolve("roc.png"), roc);
    out.add(new Artifact("plots/roc.png", "plot"));
    Plots.precisionRecall(dir.resolve("plots/pr.png"), pr);
    out.add(new Artifact("plots/pr.png", "plot"));
    Map<String, Double> gain = new LinkedHashMap<>();
    specs.forEach(
        s ->
            gain.put(s.ref().toString(), model.fit().gain().getOrDefault(s.ref().toString(), 0.0)));
    Plots.importance(dir.resolve("plots/importance.png"), gain, 20);
    out.add(new Artifact("plots/importance.png", "plot"));
    return new Written(out);
  }

  private static void put(ObjectNode n, Map<String, Double> m) {
    m.forEach((k, v) -> n.put(k, Double.isFinite(v) ? v : null));
  }

  private static void text(Path dir, String path, String text, String kind, List<Artifact> out) {
    bytes(dir, path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), kind, out);
  }

  private static void bytes(Path dir, String path, byte[] data, String kind, List<Artifact> out) {
    Path target = dir.resolve(path);
    try {
      mkdirs(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
      Files.write(tmp, data);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw KairosException.unavailable("cannot write " + target + ": " + e, e);
    }
    out.add(new Artifact(path, kind));
  }

  private static Path mkdirs(Path d) {
    try {
      return Files.createDirectories(d);
    } catch (IOException e) {
      throw KairosException.unavailable("cannot create " + d + ": " + e, e);
    }
  }
}
