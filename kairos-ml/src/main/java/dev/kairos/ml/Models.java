package dev.kairos.ml;

import static java.util.Objects.requireNonNull;

import dev.kairos.core.FeatureStore;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.runs.RunStore;
import dev.kairos.ml.train.Trainer;

/**
 * The ML side of one repository: its runs, its model registry and its trainer, all kept in the
 * repository's registry store and the {@code tracking.artifacts} folder.
 */
public final class Models {
  private final FeatureStore fs;

  private Models(FeatureStore fs) {
    this.fs = requireNonNull(fs, "fs");
  }

  public static Models of(FeatureStore fs) {
    return new Models(fs);
  }

  public RunStore runs() {
    return new RunStore(fs.registryStore(), fs.config().tracking().artifacts());
  }

  public ModelRegistry registry() {
    return new ModelRegistry(fs.registryStore(), fs.clock());
  }

  public Trainer trainer() {
    return new Trainer(fs, runs(), registry(), version());
  }

  /** The running Kairos version, from the jar's manifest ("development build" outside a jar). */
  public static String version() {
    String v = Models.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
