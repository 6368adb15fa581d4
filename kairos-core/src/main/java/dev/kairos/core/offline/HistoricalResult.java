package dev.kairos.core.offline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A written training set.
 *
 * @param output the file written
 * @param rows output rows (always the number of entity rows)
 * @param columns the output column names, in order
 * @param took time from start to the file being complete
 */
public record HistoricalResult(Path output, long rows, List<String> columns, Duration took) {
  public HistoricalResult {
    columns = List.copyOf(columns);
  }
}
