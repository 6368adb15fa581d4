package dev.kairos.core.definitions;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem so users see all of them in one run. */
public final class Problems {
  private final List<DefinitionError> errors = new ArrayList<>();

  public void add(Pos pos, String message) {
    errors.add(new DefinitionError(pos.file(), pos.line(), pos.column(), message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<DefinitionError> errors() {
    return List.copyOf(errors);
  }

  /** Throws a {@link DefinitionsException} holding every problem, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new DefinitionsException(errors);
    }
  }
}
