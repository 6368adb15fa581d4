package dev.kairos.ml.train;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.TabularReader;
import dev.kairos.ml.eval.ThresholdRule;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.Run.FeatureColumn;
import dev.kairos.ml.runs.Run.Lineage;
import dev.kairos.ml.runs.Run.RunStatus;
import dev.kairos.ml.runs.RunStore;
import dev.kairos.ml.train.TimeSplit.Part;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kairos train}: builds a point-in-time training set from a labels file, splits it by time,
 * trains XGBoost with early stopping, chooses the threshold on the validation split, evaluates on
 * the test split (and the last-value baseline beside it), writes the run's files, records the run
 * and registers a model version.
 *
 * <p>Mistakes found before any work (unknown service, model name, label column, parameters, split)
 * fail without a run; later ones (a label that is not 0/1, a split without positive rows, too few
 * rows) record the run as FAILED with the reason. A run is FINISHED only with its model registered.
 */
public final class Trainer {
  /** Fewest rows a split may have. */
  public static final int MIN_TRAIN_ROWS = 100;

  public static final int MIN_EVAL_ROWS = 20;

  private final FeatureStore fs;
  private final RunStore runs;
  private final ModelRegistry models;
  private final String kairosVersion;

  public Trainer(FeatureStore fs, RunStore runs, ModelRegistry models, String kairosVersion) {
    this.fs = requireNonNull(fs, "fs");
    this.runs = requireNonNull(runs, "runs");
    this.models = requireNonNull(models, "models");
    this.kairosVersion = requireNonNull(kairosVersion, "kairosVersion");
  }

  /** The outcome: the recorded run, the registered version and where the run's files are. */
  public record Result(Run run, ModelVersion version, Path artifactDir) {}

  public Result train(TrainRequest req) {
    ModelRegistry.checkName("model", req.model());
    Definitions defs = fs.definitions();
    long registryVersion = fs.history().get(fs.history().size() - 1).version();
    List<FeatureRef> refs = defs.resolveService(req.service());
    List<String> header = header(req.labels(), req.label());
    List<FeatureRef> baseline =
        req.baseline() == null ? defaultBaseline(defs, header) : defs.resolve(req.baseline());
    Map<FeatureRef, ValueType> types = new LinkedHashMap<>();
    for (FeatureRef r : union(refs, baseline)) {
      ValueType t = defs.typeOf(r);
      InputSpec.checkSupported(r, t);
      types.put(r, t);
    }
    Map<String, String> params = XgbParams.load(req.params());
    TimeSplit split = TimeSplit.parse(req.split());
    ThresholdRule rule = ThresholdRule.parse(req.threshold());

    String id = newRunId();
    Path dir = runs.artifactDir(id);
    Instant start = fs.clock().instant();
    Lineage lineage =
        new Lineage(
            req.service(),
            registryVersion,
            refs.stream().map(r -> new FeatureColumn(r.toString(), types.get(r).name())).toList(),
            req.label());
    Map<String, String> runParams = new LinkedHashMap<>(params);
    runParams.put("split", split.text());
    runParams.put("threshold_rule", rule.toString());
    runParams.put("baseline_features", Integer.toString(baseline.size()));
    Run running =
        new Run(
            id,
            req.model(),
            RunStatus.RUNNING,
            start,
            null,
            runParams,
            Map.of(),
            Map.of(),
            lineage,
            null,
            kairosVersion,
            List.of(),
            null);
    runs.save(running);
    try {
      long loadStart = System.nanoTime();
      TrainingData data =
          TrainingData.load(
              fs,
              req.labels(),
              req.label(),
              List.copyOf(types.keySet()),
              List.copyOf(types.values()),
              mkdirs(dir));
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      Part[] parts = split.assign(data.times());
      Map<Part, int[]> rows = new LinkedHashMap<>();
      for (Part p : Part.values()) {
        rows.put(p, TrainingData.rowsOf(parts, p));
        checkPart(data, p, rows.get(p), split);
      }
      List<InputSpec> specs = specs(data, refs, rows.get(Part.TRAIN));
      Evaluated model = Evaluated.of("model", data, specs, rows, params, rule);
      Evaluated base =
          baseline.isEmpty()
              ? null
              : Evaluated.of(
                  "baseline",
                  data,
                  specs(data, baseline, rows.get(Part.TRAIN)),
                  rows,
                  params,
                  rule);
      RunFiles.Written files = RunFiles.write(dir, model, base, specs);
      Map<String, Double> metrics = new LinkedHashMap<>(model.metrics(""));
      metrics.put("training_set_seconds", loadSeconds);
      if (base != null) {
        metrics.putAll(base.metrics("baseline."));
      }
      Run done =
          new Run(
              id,
              req.model(),
              RunStatus.FINISHED,
              start,
              fs.clock().instant(),
              runParams,
              metrics,
              Map.of(),
              lineage,
              data.fingerprint(specs),
              kairosVersion,
              files.artifacts(),
              null);
      ModelVersion version =
          models.register(
              new ModelVersion(
                  req.model(),
                  0,
                  id,
                  start,
                  req.service(),
                  registryVersion,
                  specs,
                  model.threshold(),
                  rule.toString(),
                  model.fit().treeLimit(),
                  null),
              model.fit().modelJson());
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("model_version", Long.toString(version.version()));
      done =
          new Run(
              done.id(),
              done.model(),
              done.status(),
              done.startTime(),
              done.endTime(),
              done.params(),
              done.metrics(),
              tags,
              done.lineage(),
              done.data(),
              done.kairosVersion(),
              done.artifacts(),
              null);
      runs.save(done);
      return new Result(done, version, dir);
    } catch (RuntimeException e) {
      runs.save(
          new Run(
              id,
              req.model(),
              RunStatus.FAILED,
              start,
              fs.clock().instant(),
              runParams,
              Map.of(),
              Map.of(),
              lineage,
              null,
              kairosVersion,
              List.of(),
              e.getMessage() == null ? e.toString() : e.getMessage()));
      throw e;
    }
  }

  private static List<String> header(Path labels, String label) {
    try (TabularReader r = TabularReader.open(labels)) {
      if (r.columnIndex(label) < 0) {
        throw KairosException.user(
            labels
                + ": no label column '"
                + label
                + "'; its columns are "
                + r.header()
                + " (--label)");
      }
      return r.header();
    }
  }

  /** Every feature of a last-value view whose join keys are all columns of the labels file. */
  static List<FeatureRef> defaultBaseline(Definitions defs, List<String> header) {
    List<FeatureRef> out = new ArrayList<>();
    for (FeatureView v : defs.views()) {
      if (v.hasAggregations() || !header.containsAll(defs.joinKeys(v))) {
        continue;
      }
      v.features().stream()
          .filter(f -> !f.type().isList() && f.type() != ValueType.BYTES)
          .forEach(f -> out.add(new FeatureRef(v.name(), f.name())));
    }
    return out;
  }

  private static List<FeatureRef> union(List<FeatureRef> a, List<FeatureRef> b) {
    Set<FeatureRef> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static List<InputSpec> specs(TrainingData data, List<FeatureRef> refs, int[] trainRows) {
    List<InputSpec> out = new ArrayList<>();
    for (FeatureRef r : refs) {
      ValueType t = data.type(r);
      List<String> vocab = List.of();
      if (t == ValueType.STRING) {
        dev.kairos.ml.features.Vocabulary v = new dev.kairos.ml.features.Vocabulary();
        Object[] col = data.column(r);
        for (int i : trainRows) {
          v.add(col[i]);
        }
        vocab = v.values();
      }
      out.add(new InputSpec(r, t, vocab));
    }
    return out;
  }

  private static void checkPart(TrainingData data, Part p, int[] rows, TimeSplit split) {
    int min = p == Part.TRAIN ? MIN_TRAIN_ROWS : MIN_EVAL_ROWS;
    long positives = 0;
    for (int i : rows) {
      positives += data.labels()[i] == 1f ? 1 : 0;
    }
    String which = "the " + p.label() + " split of --split " + split.text();
    if (rows.length < min) {
      throw KairosException.user(
          which
              + " has "
              + rows.length
              + " rows of "
              + data.rows()
              + "; it needs at least "
              + min
              + ": label more rows, or move the split");
    }
    if (positives == 0 || positives == rows.length) {
      throw KairosException.user(
          which
              + " ("
              + rows.length
              + " rows) has "
              + (positives == 0 ? "no positive" : "no negative")
              + " label; both classes must appear in every split: move the split or label more rows");
    }
  }

  private static Path mkdirs(Path dir) {
    try {
      return java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw KairosException.unavailable("cannot create the run folder " + dir + ": " + e, e);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  static String newRunId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
