package dev.kairos.api;

import static java.util.Objects.requireNonNull;

/** A named, typed column of a source or a feature of a view. */
public record Field(String name, ValueType type) {
  public Field {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
  }
}
