package dev.kairos.core.definitions;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found in a set of definitions (or in {@code kairos.yaml}), reported together. The
 * message holds one {@code file:line:column: message} line per problem, sorted by file and line.
 */
public final class DefinitionsException extends KairosException {
  private static final long serialVersionUID = 1L;
  private final transient List<DefinitionError> errors;

  public DefinitionsException(List<DefinitionError> errors) {
    this(errors, null);
  }

  public DefinitionsException(List<DefinitionError> errors, Throwable cause) {
    super(ErrorKind.USER, render(errors), cause);
    List<DefinitionError> sorted = new ArrayList<>(errors);
    sorted.sort(null);
    this.errors = List.copyOf(sorted);
  }

  /** The problems, sorted by file, line and column. */
  public List<DefinitionError> errors() {
    return errors;
  }

  private static String render(List<DefinitionError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a DefinitionsException needs at least one error");
    }
    return errors.stream()
        .sorted()
        .map(DefinitionError::toString)
        .collect(Collectors.joining("\n"));
  }
}
