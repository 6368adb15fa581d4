package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.ml.runs.Run;
import dev.kairos.ml.runs.RunJson;
import dev.kairos.ml.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How runs read in a terminal: after training, in {@code runs show} and {@code runs compare}. */
public final class RunReport {
  static final List<String> SPLITS = List.of("train", "validation", "test");
  static final List<String[]> HEADLINE =
      List.of(
          new String[] {"roc_auc", "ROC AUC"},
          new String[] {"pr_auc", "PR AUC"},
          new String[] {"log_loss", "log loss"},
          new String[] {"precision", "precision"},
          new String[] {"recall", "recall"},
          new String[] {"f1", "F1"});

  private RunReport() {}

  public static String trained(Trainer.Result r, Path repoDir) {
    Run run = r.run();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Trained %s version %d (run %s) on %,d rows of %s in %.1f s.%n",
            run.model(),
            r.version().version(),
            run.id(),
            run.data().rows(),
            run.lineage().service(),
            seconds(run)));
    out.append(splits(run)).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Threshold %.4f (%s on the validation split); %d trees (early stopping).%n%n",
            metric(run, "threshold"),
            run.params().get("threshold_rule"),
            (long) metric(run, "trees")));
    out.append(testVersusBaseline(run)).append('\n');
    out.append("Top features by gain: ").append(String.join(", ", topGain(run, 5))).append('\n');
    out.append("Files: ").append(display(r.artifactDir(), repoDir)).append(" (");
    out.append(String.join(", ", run.artifacts().stream().map(Run.Artifact::path).toList()));
    out.append(")\n");
    out.append(
        String.format(
            "Serve it: kairos models promote %s %d --alias champion%n",
            run.model(), r.version().version()));
    return out.toString();
  }

  static String splits(Run run) {
    Table t = new Table("SPLIT", "ROWS", "FRAUD", "FRAUD RATE");
    for (String s : SPLITS) {
      t.row(
          s,
          String.format(Locale.ROOT, "%,d", (long) metric(run, s + ".rows")),
          String.format(Locale.ROOT, "%,d", (long) metric(run, s + ".positives")),
          String.format(Locale.ROOT, "%.2f%%", 100 * metric(run, s + ".fraud_rate")));
    }
    return t.render();
  }

  static String testVersusBaseline(Run run) {
    boolean base = run.metrics().containsKey("baseline.test.roc_auc");
    Table t =
        base
            ? new Table("TEST SPLIT", "MODEL", "LAST-VALUE BASELINE", "DIFFERENCE")
            : new Table("TEST SPLIT", "MODEL");
    for (String[] m : HEADLINE) {
      double a = metric(run, "test." + m[0]);
      if (base) {
        double b = metric(run, "baseline.test." + m[0]);
        t.row(m[1], num(a), num(b), signed(a - b));
      } else {
        t.row(m[1], num(a));
      }
    }
    String confusion = confusion(run, "test.");
    if (base) {
      t.row("tp fp tn fn", confusion, confusion(run, "baseline.test."), "");
    } else {
      t.row("tp fp tn fn", confusion);
    }
    return t.render();
  }

  static String confusion(Run run, String prefix) {
    return String.format(
        Locale.ROOT,
        "%d %d %d %d",
        (long) metric(run, prefix + "tp"),
        (long) metric(run, prefix + "fp"),
        (long) metric(run, prefix + "tn"),
        (long) metric(run, prefix + "fn"));
  }

  static List<String> topGain(Run run, int n) {
    List<Map.Entry<String, Double>> gains = new ArrayList<>();
    run.metrics()
        .forEach(
            (k, v) -> {
              if (k.startsWith("gain.")) {
                gains.add(Map.entry(k.substring(5).replaceFirst("\\.", ":"), v));
              }
            });
    gains.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()));
    return gains.stream()
        .limit(n)
        .map(e -> String.format(Locale.ROOT, "%s (%.1f)", e.getKey(), e.getValue()))
        .toList();
  }

  static String json(Run run, Path artifactDir) {
    ObjectNode n = RunJson.toNode(run);
    n.put("artifact_dir", artifactDir.toString());
    return n.toPrettyString();
  }

  static double metric(Run run, String key) {
    Double v = run.metrics().get(key);
    return v == null ? Double.NaN : v;
  }

  static double seconds(Run run) {
    return run.endTime() == null
        ? Double.NaN
        : java.time.Duration.between(run.startTime(), run.endTime()).toMillis() / 1000.0;
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return integral(v)
        ? String.format(Locale.ROOT, "%d", (long) v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  static String signed(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return integral(v)
        ? String.format(Locale.ROOT, "%+d", (long) v)
        : String.format(Locale.ROOT, "%+.4f", v);
  }

  private static boolean integral(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15;
  }

  static String display(Path p, Path repoDir) {
    return p.startsWith(repoDir) ? repoDir.relativize(p).toString() : p.toString();
  }
}
