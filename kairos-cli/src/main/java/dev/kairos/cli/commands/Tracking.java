package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.config.TrackingSettings;
import dev.kairos.ml.Models;
import dev.kairos.ml.mlflow.MlflowClient;
import dev.kairos.ml.mlflow.MlflowConfig;
import dev.kairos.ml.mlflow.MlflowExport;
import dev.kairos.ml.mlflow.MlflowRunWriter;
import dev.kairos.ml.registry.ModelVersion;
import dev.kairos.ml.runs.Run;
import java.util.List;

/**
 * Logs runs and model versions to MLflow when {@code tracking.mlflow_uri} is set. Always after the
 * local record is safe: a tracking server that is down fails the export, never the run.
 */
final class Tracking {
  private Tracking() {}

  static void exportIfConfigured(FeatureStore fs, Models models, Run run, ModelVersion version) {
    if (fs.config().tracking().mlflowUri() != null) {
      export(fs, models, run);
    }
  }

  static void export(FeatureStore fs, Models models, Run run) {
    if (run.status() == Run.RunStatus.RUNNING) {
      throw KairosException.user("run " + run.id() + " is still running; export it once it ends");
    }
    TrackingSettings t = fs.config().tracking();
    MlflowRunWriter writer = new MlflowRunWriter(client(t));
    try {
      MlflowExport e = writer.export(run, models.runs().artifactDir(run.id()));
      String line =
          "Logged run " + run.id() + " to MLflow at " + t.mlflowUri() + " (run " + e.runId() + ")";
      String v = run.tags().get("model_version");
      if (v != null && run.status() == Run.RunStatus.FINISHED) {
        ModelVersion version = models.registry().require(run.model(), Long.parseLong(v));
        List<String> aliases = ModelsCommand.aliasesOf(models.registry().aliases(), version);
        int mv = writer.registerModelVersion(run.model(), e, aliases);
        models.registry().update(version.withMlflowVersion(Integer.toString(mv)));
        line += "; registered model " + run.model() + " version " + mv;
      }
      System.out.println(line + ".");
    } catch (KairosException e) {
      throw new KairosException(
          e.kind(),
          "run "
              + run.id()
              + " is recorded locally, but logging it to MLflow failed: "
              + e.getMessage()
              + "\nexport it again once the tracking server answers: kairos runs export "
              + run.id(),
          e);
    }
  }

  static void aliasIfConfigured(FeatureStore fs, ModelVersion v, String alias) {
    TrackingSettings t = fs.config().tracking();
    if (t.mlflowUri() == null || v.mlflowVersion() == null) {
      return;
    }
    try {
      client(t).setAlias(v.model(), alias, Integer.parseInt(v.mlflowVersion()));
      System.out.println(
          "Set alias "
              + alias
              + " on MLflow model "
              + v.model()
              + " version "
              + v.mlflowVersion()
              + ".");
    } catch (KairosException e) {
      throw new KairosException(
          e.kind(), "the alias is set in Kairos, but not in MLflow: " + e.getMessage(), e);
    }
  }

  private static MlflowClient client(TrackingSettings t) {
    MlflowConfig c = MlflowConfig.of(t.mlflowUri());
    return new MlflowClient(t.mlflowToken() == null ? c : c.withToken(t.mlflowToken()));
  }
}
