package dev.kairos.core.offline;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureRef;
import java.nio.file.Path;
import java.util.List;

/**
 * A request for a point-in-time correct training set.
 *
 * @param entities CSV or Parquet file with the join keys of the requested views, an {@code
 *     event_timestamp} column and any other columns
 * @param features references {@code view:feature} ({@code view:*} allowed); empty when {@code
 *     service} is set
 * @param service a feature service name, or null
 * @param output CSV or Parquet file to write (format by extension)
 * @param fullFeatureNames name feature columns {@code view__feature} instead of {@code feature}
 * @param asOfCreated hide source rows created after the entity row's time
 */
public record HistoricalRequest(
    Path entities,
    List<FeatureRef> features,
    String service,
    Path output,
    boolean fullFeatureNames,
    boolean asOfCreated) {
  public HistoricalRequest {
    requireNonNull(entities, "entities");
    features = List.copyOf(features);
    requireNonNull(output, "output");
  }
}
