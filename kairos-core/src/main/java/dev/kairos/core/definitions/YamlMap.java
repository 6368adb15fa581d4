package dev.kairos.core.definitions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read with positions: unknown and duplicate keys are reported when it is opened,
 * wrong value kinds and missing keys when values are read. Problems go to a shared {@link
 * Problems}; readers return null for values that are absent or wrong so parsing can go on.
 */
public final class YamlMap {
  private final String file;
  private final MappingNode node;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final String label;

  private YamlMap(
      String file, MappingNode node, String what, List<String> keys, Problems problems) {
    this.file = file;
    this.node = node;
    this.problems = problems;
    Map<String, Pos> seen = new LinkedHashMap<>();
    for (NodeTuple t : node.getValue()) {
      Node keyNode = t.getKeyNode();
      Pos at = Pos.of(file, keyNode);
      if (!(keyNode instanceof ScalarNode s)) {
        problems.add(at, "keys must be plain names, not " + kind(keyNode));
        continue;
      }
      String key = s.getValue();
      if (seen.containsKey(key)) {
        problems.add(
            at,
            "key '"
                + key
                + "' appears twice (first at line "
                + seen.get(key).line()
                + "); remove one of them");
        continue;
      }
      seen.put(key, at);
      entries.put(key, t);
    }
    String name = plainName();
    this.label = name == null ? what : what + " '" + name + "'";
    entries.keySet().stream()
        .filter(k -> keys != null && !keys.contains(k))
        .forEach(
            k ->
                problems.add(
                    seen.get(k),
                    "unknown key '"
                        + k
                        + "' in "
                        + label
                        + Suggestions.nearest(k, keys)
                            .map(s -> "; did you mean '" + s + "'?")
                            .orElse("; valid keys: " + String.join(", ", keys))));
  }

  /**
   * Opens {@code node} as a mapping describing a {@code what} (e.g. "entity"), or reports that it
   * is not a mapping. {@code keys} lists the valid keys, in the order to suggest them; null allows
   * any key.
   */
  public static Optional<YamlMap> open(
      String file, Node node, String what, List<String> keys, Problems problems) {
    if (node instanceof MappingNode m) {
      return Optional.of(new YamlMap(file, m, what, keys, problems));
    }
    problems.add(
        Pos.of(file, node),
        what + " must be a mapping of keys like 'name: ...', not " + kind(node));
    return Optional.empty();
  }

  /** How to describe a node's kind to a user. */
  public static String kind(Node node) {
    if (node instanceof SequenceNode) {
      return "a list";
    } else if (node instanceof MappingNode) {
      return "a mapping";
    }
    return "a single value";
  }

  /** True for an empty value, as in {@code key:} or {@code key: null}. */
  public static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /** e.g. {@code entity 'user'}, or just {@code entity} when it has no name. */
  public String label() {
    return label;
  }

  public String file() {
    return file;
  }

  public boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
  }

  /** Where the mapping starts. */
  public Pos pos() {
    return Pos.of(file, node);
  }

  /** Where the value of {@code key} starts, or the mapping's position when it is absent. */
  public Pos pos(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? pos() : Pos.of(file, t.getValueNode());
  }

  /** Where {@code key} itself is written, or the mapping's position when it is absent. */
  public Pos keyPos(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? pos() : Pos.of(file, t.getKeyNode());
  }

  /** The raw value node, if present and not null. */
  public Optional<Node> node(String key) {
    return has(key) ? Optional.of(entries.get(key).getValueNode()) : Optional.empty();
  }

  /** Every key with its value node, in file order (duplicates dropped). */
  public Map<String, Node> values() {
    Map<String, Node> out = new LinkedHashMap<>();
    entries.forEach((k, t) -> out.put(k, t.getValueNode()));
    return out;
  }

  /** A single value, or null when absent or not a single value (reported). */
  public String text(String key) {
    return node(key).map(n -> scalar(n, "key '" + key + "' of " + label)).orElse(null);
  }

  /** Like {@link #text} but reports a missing key; {@code hint} says what to write. */
  public String requiredText(String key, String hint) {
    if (!has(key)) {
      missing(key, hint);
      return null;
    }
    return text(key);
  }

  /** A list value, or null when absent or not a list (reported). */
  public List<Node> list(String key, String example) {
    Optional<Node> n = node(key);
    if (n.isEmpty()) {
      return null;
    }
    if (n.get() instanceof SequenceNode s) {
      return s.getValue();
    }
    problems.add(
        pos(key),
        "key '"
            + key
            + "' of "
            + label
            + " must be a list like "
            + example
            + ", not "
            + kind(n.get()));
    return null;
  }

  /** Like {@link #list} but reports a missing key. */
  public List<Node> requiredList(String key, String example) {
    if (!has(key)) {
      missing(key, "a list like " + example);
      return null;
    }
    return list(key, example);
  }

  /** A boolean value, {@code dflt} when absent, null when malformed (reported). */
  public Boolean bool(String key, boolean dflt) {
    String t = text(key);
    if (t == null) {
      return has(key) ? null : dflt;
    }
    if (t.equals("true") || t.equals("false")) {
      return Boolean.valueOf(t);
    }
    problems.add(
        pos(key), "key '" + key + "' of " + label + " must be true or false, not '" + t + "'");
    return null;
  }

  /** The text of a node that must be a single value; reports and returns null otherwise. */
  public String scalar(Node n, String what) {
    if (n instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    problems.add(
        Pos.of(file, n), what + " must be a single value, not " + (isNull(n) ? "empty" : kind(n)));
    return null;
  }

  private void missing(String key, String hint) {
    problems.add(pos(), label + " is missing required key '" + key + "' (" + hint + ")");
  }

  private String plainName() {
    NodeTuple t = entries.get("name");
    if (t != null && t.getValueNode() instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    return null;
  }
}
