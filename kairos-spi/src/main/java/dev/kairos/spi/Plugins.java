package dev.kairos.spi;

import dev.kairos.api.KairosException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds plugin factories with {@link ServiceLoader}. */
public final class Plugins {
  private Plugins() {}

  /** Every factory of this kind on the class path. */
  public static <F extends PluginFactory> List<F> all(Class<F> kind) {
    List<F> out = new ArrayList<>();
    ServiceLoader.load(kind, Plugins.class.getClassLoader()).forEach(out::add);
    return out;
  }

  /**
   * The factory whose {@link PluginFactory#type()} is {@code type}.
   *
   * @param section where the type was written, for the error message
   * @throws KairosException USER naming the available types when none matches
   */
  public static <F extends PluginFactory> F find(Class<F> kind, String type, String section) {
    TreeSet<String> available = new TreeSet<>();
    for (F f : all(kind)) {
      if (f.type().equals(type)) {
        return f;
      }
      available.add(f.type());
    }
    throw KairosException.user(
        section
            + ": unknown type '"
            + type
            + "'; available types: "
            + (available.isEmpty() ? "(none on the class path)" : String.join(", ", available)));
  }
}
