package dev.kairos.api;

import java.util.List;

/**
 * The join key values that identify one entity row of a view, in the order of the view's join keys.
 * Values use the Java representation of the entity's {@link ValueType}.
 */
public record EntityKey(List<Object> values) {
  public EntityKey {
    values = List.copyOf(values);
  }

  public static EntityKey of(Object... values) {
    return new EntityKey(List.of(values));
  }
}
