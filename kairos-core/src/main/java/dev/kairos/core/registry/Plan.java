package dev.kairos.core.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import java.util.ArrayList;
import java.util.List;

/**
 * What applying a set of definitions would change in the registry, object by object and field by
 * field. A change is breaking when consumers of the current version could fail or silently get
 * different data: a type change of an existing source field or feature, a change of an entity's
 * join keys or value type, a change of a view's entities, a change of an existing aggregation's
 * column, function or window or of a request-time feature's expression (the same name would stand
 * for different values), a new request field of an on-demand view a service uses (requests without
 * it are rejected), or the removal of a feature or view that a feature service of the current
 * version uses.
 *
 * @param baseVersion the registry version the plan was computed against (0 when empty)
 * @param changes added, changed and removed objects: entities, sources, views, on-demand views,
 *     then services
 */
public record Plan(long baseVersion, List<Change> changes) {
  public Plan {
    changes = List.copyOf(changes);
  }

  /** What happens to an object. */
  public enum Action {
    ADD("+"),
    CHANGE("~"),
    REMOVE("-");

    private final String symbol;

    Action(String symbol) {
      this.symbol = symbol;
    }

    /** {@code +}, {@code ~} or {@code -}. */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * One added, changed or removed object.
   *
   * @param kind {@code entity}, {@code source}, {@code view}, {@code on-demand view} or {@code
   *     service}
   * @param fields for CHANGE, what changed; empty for ADD
   * @param reason for a breaking removal, why it is breaking; otherwise empty
   */
  public record Change(
      Action action,
      String kind,
      String name,
      List<FieldChange> fields,
      boolean breakingRemoval,
      String reason) {
    public Change {
      requireNonNull(action, "action");
      requireNonNull(kind, "kind");
      requireNonNull(name, "name");
      fields = List.copyOf(fields);
      reason = reason == null ? "" : reason;
    }

    /** True when this change or one of its field changes is breaking. */
    public boolean breaking() {
      return breakingRemoval || fields.stream().anyMatch(FieldChange::breaking);
    }

    /** The lines of the human rendering, e.g. {@code ~ view v: ttl 1d -> 7d}. */
    public List<String> lines() {
      String head = action.symbol() + " " + kind + " " + name;
      if (action != Action.CHANGE) {
        return List.of(head + (breakingRemoval ? "  [breaking: " + reason + "]" : ""));
      }
      return fields.stream().map(f -> head + ": " + f.render()).toList();
    }
  }

  /**
   * One changed attribute. For list members ({@code field x}, {@code feature x}) an absent {@code
   * before} means added and an absent {@code after} removed.
   *
   * @param field e.g. {@code ttl}, {@code join_keys}, {@code feature amount}
   * @param before the old value as text, or null when the member was added
   * @param after the new value as text, or null when the member was removed
   * @param reason why it is breaking; empty when it is not
   */
  public record FieldChange(
      String field, String before, String after, boolean breaking, String reason) {
    public FieldChange {
      requireNonNull(field, "field");
      reason = reason == null ? "" : reason;
    }

    /** {@code ttl 1d -> 7d}, {@code + feature country STRING}, {@code - field x INT64}. */
    public String render() {
      String text;
      if (before == null) {
        text = "+ " + field + " " + after;
      } else if (after == null) {
        text = "- " + field + " " + before;
      } else {
        text = field + " " + before + " -> " + after;
      }
      return breaking ? text + "  [breaking: " + reason + "]" : text;
    }
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public boolean hasBreakingChanges() {
    return changes.stream().anyMatch(Change::breaking);
  }

  /** The rendered lines of breaking changes only. */
  public List<String> breakingLines() {
    List<String> out = new ArrayList<>();
    for (Change c : changes) {
      if (c.action() == Action.CHANGE) {
        c.fields().stream()
            .filter(FieldChange::breaking)
            .forEach(f -> out.add("~ " + c.kind() + " " + c.name() + ": " + f.render()));
      } else if (c.breaking()) {
        out.addAll(c.lines());
      }
    }
    return out;
  }

  public long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  /** e.g. {@code 2 to add, 1 to change, 0 to remove, 1 breaking}. */
  public String counts() {
    long breaking = changes.stream().filter(Change::breaking).count();
    return count(Action.ADD)
        + " to add, "
        + count(Action.CHANGE)
        + " to change, "
        + count(Action.REMOVE)
        + " to remove"
        + (breaking > 0 ? ", " + breaking + " breaking" : "");
  }

  /** e.g. {@code 2 added, 1 changed, 0 removed, 1 breaking}, once applied. */
  public String appliedCounts() {
    long breaking = changes.stream().filter(Change::breaking).count();
    return count(Action.ADD)
        + " added, "
        + count(Action.CHANGE)
        + " changed, "
        + count(Action.REMOVE)
        + " removed"
        + (breaking > 0 ? ", " + breaking + " breaking" : "");
  }

  /** The terraform-like rendering: one line per change, then a count line. */
  public String render() {
    if (isEmpty()) {
      return "No changes: the registry already matches the definitions"
          + (baseVersion == 0 ? "" : " (version " + baseVersion + ")")
          + ".\n";
    }
    StringBuilder out = new StringBuilder();
    changes.forEach(c -> c.lines().forEach(l -> out.append(l).append('\n')));
    return out.append("Plan: ").append(counts()).append(".\n").toString();
  }

  /** The machine-readable form, for {@code --format json}. */
  public String toJson() {
    ObjectNode root = DefinitionsJson.MAPPER.createObjectNode();
    root.put("base_version", baseVersion).put("breaking", hasBreakingChanges());
    ArrayNode list = root.putArray("changes");
    for (Change c : changes) {
      ObjectNode n =
          list.addObject().put("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
      n.put("kind", c.kind()).put("name", c.name()).put("breaking", c.breaking());
      if (!c.reason().isEmpty()) {
        n.put("reason", c.reason());
      }
      ArrayNode fields = n.putArray("fields");
      for (FieldChange f : c.fields()) {
        ObjectNode fn =
            fields
                .addObject()
                .put("field", f.field())
                .put("before", f.before())
                .put("after", f.after());
        fn.put("breaking", f.breaking());
        if (f.breaking()) {
          fn.put("reason", f.reason());
        }
      }
    }
    try {
      return DefinitionsJson.MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot render the plan as JSON", e);
    }
  }
}
