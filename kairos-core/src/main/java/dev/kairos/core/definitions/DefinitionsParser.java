package dev.kairos.core.definitions;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.StreamSettings;
import dev.kairos.api.ValueType;
import dev.kairos.core.definitions.Declared.EntityDecl;
import dev.kairos.core.definitions.Declared.FieldDecl;
import dev.kairos.core.definitions.Declared.Named;
import dev.kairos.core.definitions.Declared.RefDecl;
import dev.kairos.core.definitions.Declared.ServiceDecl;
import dev.kairos.core.definitions.Declared.SourceDecl;
import dev.kairos.core.definitions.Declared.ViewDecl;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one definition file into {@link Declared} objects, reporting what is malformed. */
final class DefinitionsParser {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String TYPES =
      Arrays.stream(ValueType.values()).map(Enum::name).collect(Collectors.joining(", "));
  private static final List<String> TOP =
      List.of("entities", "sources", "feature_views", "on_demand_views", "feature_services");
  private static final List<String> ENTITY =
      List.of("name", "join_keys", "value_type", "description");
  private static final List<String> SOURCE =
      List.of(
          "name",
          "table",
          "timestamp_field",
          "created_timestamp_field",
          "validation",
          "description",
          "fields",
          "stream");
  private static final List<String> FIELD = List.of("name", "type");
  private static final List<String> VIEW =
      List.of(
          "name",
          "entities",
          "source",
          "ttl",
          "online",
          "owner",
          "tags",
          "description",
          "features",
          "aggregations");
  private static final List<String> SERVICE = List.of("name", "features", "description", "logging");
  private static final List<String> LOGGING = List.of("sample_rate");

  private final String file;
  private final Problems problems;
  private final Declared out;

  DefinitionsParser(String file, Problems problems, Declared out) {
    this.file = file;
    this.problems = problems;
    this.out = out;
  }

  void parse(String text) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      problems.add(
          Pos.of(file, e.getProblemMark()),
          "invalid YAML: " + e.getProblem() + "; check the indentation and quoting here");
      return;
    } catch (YAMLException e) {
      problems.add(new Pos(file, 1, 1), "invalid YAML: " + e.getMessage());
      return;
    }
    if (root == null || YamlMap.isNull(root)) {
      return;
    }
    YamlMap.open(file, root, "a definition file", TOP, problems)
        .ifPresent(
            top -> {
              each(top, "entities", "entity", ENTITY, this::entity);
              each(top, "sources", "source", SOURCE, this::source);
              each(top, "feature_views", "feature view", VIEW, this::view);
              OnDemandParser onDemand = new OnDemandParser(this, file, problems);
              each(
                  top,
                  "on_demand_views",
                  "on-demand view",
                  OnDemandParser.KEYS,
                  m -> {
                    var v = onDemand.parse(m);
                    if (v != null) {
                      out.onDemandViews.add(v);
                    }
                  });
              each(top, "feature_services", "feature service", SERVICE, this::service);
            });
  }

  private void each(
      YamlMap top, String key, String what, List<String> keys, Consumer<YamlMap> reader) {
    List<Node> items = top.list(key, "'- name: ...' entries");
    if (items != null) {
      items.forEach(n -> YamlMap.open(file, n, what, keys, problems).ifPresent(reader));
    }
  }

  private void entity(YamlMap m) {
    Named name = name(m, "entity");
    List<Named> keys = names(m, "join_keys", "[user_id]", "join key", "join key");
    String type = m.requiredText("value_type", "the type of its join keys, such as INT64");
    ValueType vt = type == null ? null : type(type, m.pos("value_type"));
    if (keys != null && keys.isEmpty()) {
      problems.add(
          m.pos("join_keys"), m.label() + " has no join keys; list at least one, like [user_id]");
    }
    if (name != null) {
      out.entities.add(
          new EntityDecl(name, keys == null ? List.of() : keys, vt, m.text("description")));
    }
  }

  private void source(YamlMap m) {
    Named name = name(m, "source");
    String table = m.has("table") ? m.text("table") : (name == null ? null : name.name());
    if (table != null && m.has("table")) {
      checkName(new Named(table, m.pos("table")), "table");
    }
    Named ts = named(m, "timestamp_field", true);
    Named created = named(m, "created_timestamp_field", false);
    List<FieldDecl> fields = fields(m, "fields", "source fields");
    StreamSettings stream =
        new StreamParser(file, problems).parse(m, name == null ? "?" : name.name(), fields);
    if (name != null) {
      out.sources.add(
          new SourceDecl(
              name,
              table,
              fields,
              ts,
              created,
              m.text("description"),
              m.text("validation"),
              stream));
    }
  }

  private void view(YamlMap m) {
    Named name = name(m, "feature view");
    List<Named> entities = names(m, "entities", "[user]", "entity reference", null);
    Named source = named(m, "source", true);
    Duration ttl = Duration.ZERO;
    String ttlText = m.text("ttl");
    if (ttlText != null) {
      ttl = Ttl.parse(ttlText).orElse(null);
      if (ttl == null) {
        problems.add(
            m.pos("ttl"),
            "bad ttl '"
                + ttlText
                + "' in "
                + m.label()
                + "; write 0 (no limit) or a duration like 90s, 30m, 36h, 7d or 1d12h");
      }
    }
    Boolean online = m.bool("online", true);
    Map<String, String> tags = tags(m);
    List<Declared.AggDecl> aggregations = new AggregationsParser(this, file, problems).parse(m);
    List<FieldDecl> features =
        m.has("features") || !m.has("aggregations") ? fields(m, "features", "features") : List.of();
    if (entities != null && entities.isEmpty()) {
      problems.add(
          m.pos("entities"), m.label() + " has no entities; list at least one, like [user]");
    }
    if (name != null) {
      out.views.add(
          new ViewDecl(
              name,
              entities == null ? List.of() : entities,
              source,
              ttl == null ? Duration.ZERO : ttl,
              features,
              aggregations,
              online == null || online,
              tags,
              m.text("owner"),
              m.text("description")));
    }
  }

  private void service(YamlMap m) {
    Named name = name(m, "feature service");
    List<Named> texts =
        names(
            m,
            "features",
            "[user_last_transaction:amount, merchant_profile:*]",
            "feature reference",
            null);
    List<RefDecl> refs = new ArrayList<>();
    if (texts != null) {
      if (m.node("features").orElseThrow() instanceof SequenceNode s && s.getValue().isEmpty()) {
        problems.add(
            m.pos("features"),
            m.label() + " has no features; list references like view:feature or view:*");
      }
      for (Named t : texts) {
        try {
          refs.add(new RefDecl(FeatureRef.parse(t.name()), t.name(), t.pos()));
        } catch (IllegalArgumentException e) {
          problems.add(
              t.pos(),
              "bad feature reference '"
                  + t.name()
                  + "' in "
                  + m.label()
                  + "; write view:feature, or view:* for every feature of a view");
          refs.add(new RefDecl(null, t.name(), t.pos()));
        }
      }
    }
    if (name != null) {
      out.services.add(new ServiceDecl(name, refs, m.text("description"), sampleRate(m)));
    }
  }

  /** {@code logging: {sample_rate: 0.0..1.0}}; 0.0 when absent, null when wrong (reported). */
  private Double sampleRate(YamlMap m) {
    Node node = m.node("logging").orElse(null);
    if (node == null) {
      return 0.0;
    }
    YamlMap logging =
        YamlMap.open(file, node, "logging of " + m.label(), LOGGING, problems).orElse(null);
    if (logging == null) {
      return null;
    }
    String text =
        logging.requiredText("sample_rate", "the share of entity keys to log, 0.0 to 1.0");
    if (text == null) {
      return null;
    }
    double rate;
    try {
      rate = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      rate = Double.NaN;
    }
    if (!(rate >= 0.0 && rate <= 1.0)) {
      problems.add(
          logging.pos("sample_rate"),
          "sample_rate of "
              + m.label()
              + " must be a number from 0.0 (log nothing) to 1.0 (log every request), not '"
              + text
              + "'");
      return null;
    }
    return rate;
  }

  Named name(YamlMap m, String what) {
    Named n = named(m, "name", true);
    if (n != null) {
      checkName(n, what + " name");
    }
    return n;
  }

  private Named named(YamlMap m, String key, boolean required) {
    String t = required ? m.requiredText(key, hintFor(key)) : m.text(key);
    return t == null ? null : new Named(t, m.pos(key));
  }

  private static String hintFor(String key) {
    return switch (key) {
      case "name" -> "a name made of letters, digits and underscores";
      case "timestamp_field" -> "the TIMESTAMP field holding each row's event time";
      case "source" -> "the name of the source the view reads from";
      default -> "a value";
    };
  }

  /** A list of single values; {@code nameRule} names what the name rule applies to, or null. */
  private List<Named> names(YamlMap m, String key, String example, String what, String nameRule) {
    List<Node> nodes = m.requiredList(key, example);
    if (nodes == null) {
      return null;
    }
    List<Named> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n instanceof MappingNode && what.equals("feature reference")) {
        // "- view: feature" parses as a mapping; say so rather than "not a mapping".
        problems.add(
            Pos.of(file, n),
            "each feature reference of "
                + m.label()
                + " must be written view:feature, without a space after the colon");
        continue;
      }
      String t = m.scalar(n, "each " + what + " of " + m.label());
      if (t != null) {
        Named named = new Named(t.trim(), Pos.of(file, n));
        if (nameRule != null) {
          checkName(named, nameRule);
        }
        out.add(named);
      }
    }
    return out;
  }

  List<FieldDecl> fields(YamlMap m, String key, String what) {
    List<Node> nodes = m.requiredList(key, "[{name: amount, type: DOUBLE}]");
    if (nodes == null) {
      return null;
    }
    if (nodes.isEmpty()) {
      problems.add(
          m.pos(key),
          m.label() + " has no " + what + "; list at least one, like {name: amount, type: DOUBLE}");
    }
    List<FieldDecl> out = new ArrayList<>();
    for (Node n : nodes) {
      YamlMap.open(file, n, "field", FIELD, problems)
          .ifPresent(
              f -> {
                Named name = name(f, "field");
                String t = f.requiredText("type", "one of " + TYPES);
                ValueType vt = t == null ? null : type(t, f.pos("type"));
                if (name != null) {
                  out.add(new FieldDecl(name, vt));
                }
              });
    }
    return out;
  }

  private Map<String, String> tags(YamlMap m) {
    Map<String, String> tags = new LinkedHashMap<>();
    Node node = m.node("tags").orElse(null);
    if (node == null) {
      return tags;
    }
    if (!(node instanceof MappingNode)) {
      problems.add(
          m.pos("tags"),
          "tags of "
              + m.label()
              + " must be a mapping like {team: risk}, not "
              + YamlMap.kind(node));
      return tags;
    }
    YamlMap t = YamlMap.open(file, node, "tags of " + m.label(), null, problems).orElseThrow();
    t.values()
        .forEach(
            (k, v) -> {
              String s = t.scalar(v, "tag '" + k + "'");
              if (s != null) {
                tags.put(k, s);
              }
            });
    return tags;
  }

  ValueType type(String text, Pos pos) {
    ValueType vt = ValueType.parse(text).orElse(null);
    if (vt == null) {
      problems.add(pos, "unknown type '" + text + "'; valid types: " + TYPES);
    }
    return vt;
  }

  void checkName(Named n, String what) {
    if (!NAME.matcher(n.name()).matches()) {
      problems.add(
          n.pos(),
          "invalid "
              + what
              + " '"
              + n.name()
              + "'; use letters, digits and underscores, starting with a letter or underscore");
    }
  }
}
