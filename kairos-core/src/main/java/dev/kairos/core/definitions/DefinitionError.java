package dev.kairos.core.definitions;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;

/**
 * One problem found in a definition or configuration file.
 *
 * @param file the file, relative to the repository folder, with {@code /} separators
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong and what to do about it
 */
public record DefinitionError(String file, int line, int column, String message)
    implements Comparable<DefinitionError> {
  private static final Comparator<DefinitionError> ORDER =
      Comparator.comparing(DefinitionError::file)
          .thenComparingInt(DefinitionError::line)
          .thenComparingInt(DefinitionError::column)
          .thenComparing(DefinitionError::message);

  public DefinitionError {
    requireNonNull(file, "file");
    requireNonNull(message, "message");
  }

  @Override
  public int compareTo(DefinitionError other) {
    return ORDER.compare(this, other);
  }

  /** {@code file:line:column: message}, the form editors and terminals link to. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
