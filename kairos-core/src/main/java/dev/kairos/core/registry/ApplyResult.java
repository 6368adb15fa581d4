package dev.kairos.core.registry;

import static java.util.Objects.requireNonNull;

/**
 * What {@link Registry#apply} did.
 *
 * @param plan the changes that were applied (empty when nothing changed)
 * @param version the registry version now current: the new one, or the unchanged one (0 when the
 *     registry is still empty)
 * @param changed false when the definitions already matched and nothing was written
 */
public record ApplyResult(Plan plan, long version, boolean changed) {
  public ApplyResult {
    requireNonNull(plan, "plan");
  }

  /** One line for people, e.g. {@code Applied registry version 3 (2 to add, …).} */
  public String render() {
    if (!changed) {
      return "No changes: registry stays at version " + version + ".";
    }
    return "Applied registry version " + version + " (" + plan.appliedCounts() + ").";
  }
}
