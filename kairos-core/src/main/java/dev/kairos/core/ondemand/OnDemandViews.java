package dev.kairos.core.ondemand;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnDemandFeatureView;
import java.util.HashMap;
import java.util.Map;

/**
 * The compiled request-time views of one {@link Definitions}, built once per registry version. A
 * view whose expressions do not compile is remembered with its problems and reported, as a USER
 * error, to every request that asks for it; the other views serve normally.
 */
public final class OnDemandViews {
  private final Definitions definitions;
  private final Map<String, CompiledView> compiled = new HashMap<>();
  private final Map<String, KairosException> broken = new HashMap<>();

  private OnDemandViews(Definitions definitions) {
    this.definitions = definitions;
    for (OnDemandFeatureView v : definitions.onDemandViews()) {
      try {
        compiled.put(v.name(), OnDemandCompiler.compile(v, definitions));
      } catch (KairosException e) {
        broken.put(v.name(), e);
      }
    }
  }

  public static OnDemandViews of(Definitions definitions) {
    return new OnDemandViews(definitions);
  }

  /** The definitions these views were compiled against. */
  public Definitions definitions() {
    return definitions;
  }

  /** True when a request-time view of this name is defined (compiled or not). */
  public boolean contains(String viewName) {
    return compiled.containsKey(viewName) || broken.containsKey(viewName);
  }

  /**
   * The compiled view.
   *
   * @throws KairosException USER when its expressions do not compile, NOT_FOUND when it is unknown
   */
  public CompiledView require(String viewName) {
    CompiledView v = compiled.get(viewName);
    if (v != null) {
      return v;
    }
    KairosException e = broken.get(viewName);
    if (e != null) {
      throw KairosException.user(
          "request-time view '" + viewName + "' does not compile: " + e.getMessage());
    }
    throw KairosException.notFound("unknown request-time view '" + viewName + "'");
  }
}
