package dev.kairos.spi;

import dev.kairos.api.KairosException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated configuration of one plugin: every key known, typed and checked. Built by {@link
 * #validate}, which rejects unknown keys (listing the valid ones), missing required keys and values
 * that break an option's rule.
 */
public final class StoreConfig {
  private final String section;
  private final Map<String, Object> values;

  private StoreConfig(String section, Map<String, Object> values) {
    this.section = section;
    this.values = values;
  }

  /**
   * Validates raw values (strings, numbers or booleans from YAML) against the declared options.
   *
   * @param section where the values come from, for messages, e.g. "kairos.yaml: online_store"
   * @throws KairosException USER listing every problem found
   */
  public static StoreConfig validate(
      String section, Map<String, ?> raw, Set<ConfigOption<?>> options) {
    Map<String, ConfigOption<?>> byKey = new LinkedHashMap<>();
    options.forEach(o -> byKey.put(o.key(), o));
    List<String> problems = new ArrayList<>();
    for (String key : raw.keySet()) {
      if (!byKey.containsKey(key)) {
        problems.add(
            "unknown key '"
                + key
                + "'; valid keys: "
                + String.join(", ", new TreeSet<>(byKey.keySet())));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigOption<?> option : options) {
      Object value = raw.get(option.key());
      if (value == null) {
        if (option.isRequired()) {
          problems.add("missing required key '" + option.key() + "' (" + option.doc() + ")");
        } else {
          values.put(option.key(), option.defaultValue());
        }
        continue;
      }
      try {
        values.put(option.key(), check(option, value));
      } catch (IllegalArgumentException e) {
        problems.add(
            "key '"
                + option.key()
                + "' "
                + e.getMessage()
                + (option.secret() ? "" : " (got '" + value + "')"));
      }
    }
    if (!problems.isEmpty()) {
      throw KairosException.user(section + ": " + String.join("; ", problems));
    }
    return new StoreConfig(section, values);
  }

  private static <T> T check(ConfigOption<T> option, Object raw) {
    T value = convert(option.type(), raw);
    if (!option.validator().test(value)) {
      throw new IllegalArgumentException("must be " + option.rule());
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static <T> T convert(Class<T> type, Object raw) {
    String text = String.valueOf(raw).trim();
    try {
      if (type == String.class) {
        return (T) text;
      } else if (type == Integer.class) {
        return (T) Integer.valueOf(text);
      } else if (type == Long.class) {
        return (T) Long.valueOf(text);
      } else if (type == Boolean.class) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("must be true or false");
        }
        return (T) Boolean.valueOf(text);
      } else if (type == Path.class) {
        return (T) Path.of(text);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number", e);
    }
    throw new IllegalArgumentException("has unsupported option type " + type.getSimpleName());
  }

  /**
   * The value of an option declared to the plugin (never null for declared options with defaults).
   */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigOption<T> option) {
    return (T) values.get(option.key());
  }

  public String section() {
    return section;
  }

  /** The values with secrets masked, for logs and {@code describe}. */
  public Map<String, String> masked(Set<ConfigOption<?>> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigOption<?> o : options) {
      out.put(o.key(), o.secret() ? "******" : String.valueOf(values.get(o.key())));
    }
    return out;
  }
}
