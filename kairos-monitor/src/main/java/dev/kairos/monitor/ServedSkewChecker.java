package dev.kairos.monitor;

import dev.kairos.api.monitor.SkewChecker;
import dev.kairos.core.FeatureStore;
import java.time.Instant;

/**
 * Skew checks run by the feature server ({@code POST /v1/skew/check}) over its own stores: with an
 * embedded DuckDB offline store, the serving process is the one that can open the file. Reads run
 * on their own DuckDB connections, so the feature log's writer and the check do not wait on each
 * other.
 */
public final class ServedSkewChecker implements SkewChecker {
  private final FeatureStore fs;

  public ServedSkewChecker(FeatureStore fs) {
    this.fs = fs;
  }

  @Override
  public String check(String service, Instant from, Instant to) {
    return ReportJson.render(new SkewCheck(fs).runAndStore(service, from, to));
  }
}
