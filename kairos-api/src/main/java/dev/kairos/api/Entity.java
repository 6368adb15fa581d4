package dev.kairos.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A thing features describe (a user, a merchant), identified by one or more join keys. Every join
 * key has the entity's {@code valueType}.
 */
public record Entity(String name, List<String> joinKeys, ValueType valueType, String description) {
  public Entity {
    requireNonNull(name, "name");
    joinKeys = List.copyOf(joinKeys);
    requireNonNull(valueType, "valueType");
    description = description == null ? "" : description;
    if (joinKeys.isEmpty()) {
      throw new IllegalArgumentException("entity " + name + " has no join key");
    }
  }
}
