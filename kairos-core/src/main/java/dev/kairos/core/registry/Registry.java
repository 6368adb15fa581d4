package dev.kairos.core.registry;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Versioned definitions of one project on top of a {@link RegistryStore}: plans changes, refuses
 * breaking ones unless allowed, and commits new versions with compare-and-set so two concurrent
 * applies never interleave (the loser gets a CONFLICT error and changes nothing).
 */
public final class Registry {
  private static final int SUMMARY_LIMIT = 500;
  private final RegistryStore store;
  private final String project;
  private final Clock clock;

  public Registry(RegistryStore store, String project, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.project = requireNonNull(project, "project");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The definitions of the latest version, if any was applied. */
  public Optional<Definitions> current() {
    return store.latest().map(v -> read(v));
  }

  /** The definitions stored in one version. */
  public Definitions at(long version) {
    return history().stream()
        .filter(v -> v.version() == version)
        .findFirst()
        .map(this::read)
        .orElseThrow(
            () -> KairosException.notFound("registry version " + version + " does not exist"));
  }

  /** Every applied version, oldest first. */
  public List<RegistryVersion> history() {
    return store.history();
  }

  /**
   * What changed from version {@code from} to version {@code to}, as {@link #plan} would have shown
   * it (a {@code from} after {@code to} shows the way back).
   *
   * @throws KairosException NOT_FOUND when either version does not exist
   */
  public Plan diff(long from, long to) {
    return Planner.plan(at(from), at(to), from);
  }

  /** What {@link #apply} would change now; changes nothing. */
  public Plan plan(Definitions desired) {
    Optional<RegistryVersion> latest = store.latest();
    return plan(latest, desired);
  }

  /**
   * Stores {@code desired} as a new version when it differs from the current one.
   *
   * @param allowBreaking apply even when the plan has breaking changes
   * @throws KairosException USER listing the breaking changes when they are not allowed; CONFLICT
   *     when another apply committed since this one read the registry
   */
  public ApplyResult apply(Definitions desired, boolean allowBreaking) {
    Optional<RegistryVersion> latest = store.latest();
    long base = latest.map(RegistryVersion::version).orElse(0L);
    Plan plan = plan(latest, desired);
    if (plan.isEmpty()) {
      return new ApplyResult(plan, base, false);
    }
    if (plan.hasBreakingChanges() && !allowBreaking) {
      List<String> lines = plan.breakingLines();
      throw KairosException.user(
          "apply refused: "
              + lines.size()
              + " breaking change"
              + (lines.size() == 1 ? "" : "s")
              + " could break models and online reads that use the current definitions:\n  "
              + String.join("\n  ", lines)
              + "\nrun apply again with --allow-breaking to apply them anyway");
    }
    RegistryVersion v =
        store.commit(base, DefinitionsJson.write(desired), summary(plan), clock.instant());
    return new ApplyResult(plan, v.version(), true);
  }

  private Plan plan(Optional<RegistryVersion> latest, Definitions desired) {
    if (!desired.project().equals(project)) {
      throw KairosException.user(
          "definitions belong to project '"
              + desired.project()
              + "' but this registry holds project '"
              + project
              + "'");
    }
    Definitions current = latest.map(this::read).orElse(Definitions.empty(project));
    return Planner.plan(current, desired, latest.map(RegistryVersion::version).orElse(0L));
  }

  private Definitions read(RegistryVersion v) {
    try {
      return DefinitionsJson.read(v.content());
    } catch (KairosException e) {
      throw KairosException.internal(
          "registry version " + v.version() + " of project " + project + ": " + e.getMessage(), e);
    }
  }

  private static String summary(Plan plan) {
    String names =
        plan.changes().stream()
            .map(c -> c.action().symbol() + " " + c.kind() + " " + c.name())
            .collect(Collectors.joining(", "));
    String s = plan.appliedCounts() + ": " + names;
    return s.length() <= SUMMARY_LIMIT ? s : s.substring(0, SUMMARY_LIMIT - 1) + "…";
  }
}
