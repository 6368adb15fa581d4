package dev.kairos.core.generate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * What {@link GeneratorOutput#write} produced.
 *
 * @param file the file written
 * @param rows transactions written
 * @param fraudRows of which {@code is_fraud = 1}
 */
public record GenerationSummary(Path file, long rows, long fraudRows) {
  public GenerationSummary {
    requireNonNull(file, "file");
    if (rows < 0 || fraudRows < 0 || fraudRows > rows) {
      throw new IllegalArgumentException(
          "need 0 <= fraudRows <= rows, got rows=" + rows + ", fraudRows=" + fraudRows);
    }
  }

  /** Fraction of fraudulent rows, 0 when there are none. */
  public double fraudRate() {
    return rows == 0 ? 0 : (double) fraudRows / rows;
  }
}
