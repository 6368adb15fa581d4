package dev.kairos.bench.ml;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
import dev.kairos.bench.BenchSupport;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.ml.Models;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.features.Vocabulary;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.train.TimeSplit;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import dev.kairos.ml.train.TrainingData;
import dev.kairos.ml.tree.TreeEnsemble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Training and scoring against XGBoost4J called directly, in one run.
 *
 * <ol>
 *   <li>Training: {@code Trainer.train} (the whole of {@code kairos train} without the JVM start:
 *       point-in-time retrieval, encoding, XGBoost with early stopping, evaluation, plots,
 *       registry) against {@code XGBoost.train} on the same encoded matrices with the same
 *       parameters, each {@code rounds} times, alternated.
 *   <li>Scoring one row: {@link TreeEnsemble} (the server's path) against the native library's
 *       {@code inplace_predict} and {@code predictContrib} ({@code nthread} 1), on the test rows.
 * </ol>
 *
 * usage: ModelBench [--users 5000] [--days 30] [--rounds 3] [--work DIR]
 */
public final class ModelBench {
  public static void main(String[] argv) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, String> a =
        BenchSupport.args(argv, Map.of("users", "5000", "days", "30", "rounds", "3", "work", ""));
    int users = Integer.parseInt(a.get("users"));
    int days = Integer.parseInt(a.get("days"));
    int rounds = Integer.parseInt(a.get("rounds"));
    Path work =
        a.get("work").isEmpty()
            ? Files.createTempDirectory("kairos-model-bench")
            : Path.of(a.get("work"));
    Path repo = work.resolve("repo");
    RepoTemplate.write(repo);
    Path tx = work.resolve("tx.csv");
    GeneratorOutput.write(new GeneratorConfig(users, days, 42), tx);
    try (FeatureStore fs = FeatureStore.open(repo)) {
      fs.apply(false);
      fs.ingest("transactions", tx);
      System.out.printf("# model benchmark: %s%n", BenchSupport.machine());
      System.out.printf(
          Locale.ROOT,
          "data: %d users x %d days (%,d rows)%n",
          users,
          days,
          Files.lines(tx).count() - 1);
      Trainer.Result last = training(fs, tx, rounds, work);
      scoring(fs, last, tx, work);
    }
  }

  private static Trainer.Result training(FeatureStore fs, Path tx, int rounds, Path work)
      throws Exception {
    Models models = Models.of(fs);
    List<FeatureRef> refs = fs.definitions().resolveService("fraud_detection_v1");
    List<ValueType> types = refs.stream().map(fs.definitions()::typeOf).toList();
    Trainer.Result last = null;
    double[] kairos = new double[rounds];
    double[] direct = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      last =
          models
              .trainer()
              .train(
                  new TrainRequest(
                      "fraud_detection_v1", tx, "is_fraud", "fraud", null, null, null, List.of()));
      kairos[r] = BenchSupport.seconds(t0);

      // The same matrices, built outside the timing, then XGBoost called directly.
      Path dir = Files.createDirectories(work.resolve("direct-" + r));
      TrainingData data = TrainingData.load(fs, tx, "is_fraud", refs, types, dir);
      TimeSplit.Part[] parts = TimeSplit.parse(TimeSplit.DEFAULT).assign(data.times());
      int[] train = TrainingData.rowsOf(parts, TimeSplit.Part.TRAIN);
      int[] valid = TrainingData.rowsOf(parts, TimeSplit.Part.VALIDATION);
      List<InputSpec> specs = new ArrayList<>();
      for (FeatureRef f : refs) {
        List<String> vocab = List.of();
        if (data.type(f) == ValueType.STRING) {
          Vocabulary v = new Vocabulary();
          for (int i : train) {
            v.add(data.column(f)[i]);
          }
          vocab = v.values();
        }
        specs.add(new InputSpec(f, data.type(f), vocab));
      }
      float[] xt = data.encode(train, specs);
      float[] xv = data.encode(valid, specs);
      long t1 = System.nanoTime();
      DMatrix dt = new DMatrix(xt, train.length, specs.size(), Float.NaN);
      dt.setLabel(data.labels(train));
      DMatrix dv = new DMatrix(xv, valid.length, specs.size(), Float.NaN);
      dv.setLabel(data.labels(valid));
      Map<String, Object> params = new HashMap<>(last.run().params());
      int numRounds = Integer.parseInt((String) params.remove("num_boost_round"));
      int patience = Integer.parseInt((String) params.remove("early_stopping_rounds"));
      params.keySet().removeAll(List.of("split", "threshold_rule", "baseline_features"));
      params.put("verbosity", "0");
      params.put("verbose_eval", "false");
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      watches.put("validation", dv);
      Booster b =
          XGBoost.train(
              dt, params, numRounds, watches, new float[1][numRounds], null, null, patience);
      direct[r] = BenchSupport.seconds(t1);
      b.dispose();
      dt.dispose();
      dv.dispose();
      System.out.printf(
          Locale.ROOT,
          "training round %d: kairos train %.2f s (training set %.2f s, XGBoost inside %.2f s), XGBoost4J directly %.2f s, ratio %.2f%n",
          r + 1,
          kairos[r],
          last.run().metrics().get("training_set_seconds"),
          last.run().metrics().get("training_seconds"),
          direct[r],
          kairos[r] / direct[r]);
    }
    Arrays.sort(kairos);
    Arrays.sort(direct);
    System.out.printf(
        Locale.ROOT,
        "training median: kairos train %.2f s, XGBoost4J directly %.2f s, ratio %.2f (%d rows, %d trees kept)%n",
        kairos[rounds / 2],
        direct[rounds / 2],
        kairos[rounds / 2] / direct[rounds / 2],
        last.run().data().rows(),
        (long) (double) last.run().metrics().get("trees"));
    return last;
  }

  private static void scoring(FeatureStore fs, Trainer.Result trained, Path tx, Path work)
      throws Exception {
    Models models = Models.of(fs);
    ModelVersion v = models.registry().require("fraud", trained.version().version());
    byte[] json = models.registry().trees(v);
    TreeEnsemble trees = TreeEnsemble.parse(json, v.treeLimit());
    List<FeatureRef> refs = v.refs();
    Path dir = Files.createDirectories(work.resolve("scoring"));
    TrainingData data =
        TrainingData.load(
            fs, tx, "is_fraud", refs, refs.stream().map(fs.definitions()::typeOf).toList(), dir);
    TimeSplit.Part[] parts = TimeSplit.parse(TimeSplit.DEFAULT).assign(data.times());
    int[] test = TrainingData.rowsOf(parts, TimeSplit.Part.TEST);
    int n = Math.min(test.length, 20_000);
    int f = refs.size();
    float[] x = data.encode(Arrays.copyOf(test, n), v.inputs());
    Booster b = XGBoost.loadModel(json);
    b.setParam("nthread", 1);
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = Arrays.copyOfRange(x, i * f, (i + 1) * f);
    }
    int[] range = {0, v.treeLimit()};
    for (int pass = 0; pass < 2; pass++) { // the first pass warms up every path
      boolean report = pass == 1;
      long[] javaP = time(n, i -> trees.probability(rows[i]));
      long[] javaC = time(n, i -> trees.contributions(rows[i]));
      long[] nativeP = time(n, i -> nativePredict(b, rows[i], f, range));
      long[] nativeC = time(Math.min(n, 5_000), i -> nativeContrib(b, rows[i], f, v.treeLimit()));
      if (report) {
        print("score, TreeEnsemble (Java)", javaP);
        print("score, native inplace_predict", nativeP);
        print("SHAP, TreeEnsemble (Java)", javaC);
        print("SHAP, native predictContrib", nativeC);
        System.out.printf(
            Locale.ROOT,
            "scoring p99 ratios: Java / native score %.3f, Java / native SHAP %.3f (%d trees, %d inputs)%n",
            pct(javaP, 0.99) / pct(nativeP, 0.99),
            pct(javaC, 0.99) / pct(nativeC, 0.99),
            v.treeLimit(),
            f);
      }
    }
    b.dispose();
  }

  interface Call {
    void run(int i) throws Exception;
  }

  private static long[] time(int n, Call c) throws Exception {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      c.run(i);
      out[i] = System.nanoTime() - t;
    }
    Arrays.sort(out);
    return out;
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e3;
  }

  private static void print(String what, long[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "%-32s p50 %8.1f us  p99 %8.1f us  p99.9 %8.1f us  (%d calls)%n",
        what,
        pct(sorted, 0.5),
        pct(sorted, 0.99),
        pct(sorted, 0.999),
        sorted.length);
  }

  private static float nativePredict(Booster b, float[] row, int f, int[] range) throws Exception {
    return b.inplace_predict(row, 1, f, Float.NaN, range)[0][0];
  }

  private static float nativeContrib(Booster b, float[] row, int f, int limit) throws Exception {
    DMatrix d = new DMatrix(row, 1, f, Float.NaN);
    try {
      return b.predictContrib(d, limit)[0][0];
    } finally {
      d.dispose();
    }
  }
}
