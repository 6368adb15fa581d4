package dev.kairos.quality.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kairos.api.KairosException;
import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationSuite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads Great Expectations suites, both the classic layout ({@code expectation_suite_name}, {@code
 * expectation_type}) and GE 1.x's ({@code name}, {@code type}), and checks every expectation.
 */
public final class SuiteParser {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SuiteParser() {}

  public static ExpectationSuite read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER, "expectation suite " + file + " does not exist", e);
    } catch (IOException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER,
          "cannot read expectation suite " + file + ": " + e.getMessage(),
          e);
    }
    return parse(text, file.toString());
  }

  public static ExpectationSuite parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER,
          origin
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (root == null || !root.isObject()) {
      throw KairosException.user(origin + ": an expectation suite must be a JSON object");
    }
    String name = text(root, "expectation_suite_name", "name");
    if (name == null) {
      name = fileStem(origin);
    }
    JsonNode list = root.get("expectations");
    if (list == null || !list.isArray()) {
      throw KairosException.user(origin + ": \"expectations\" must be a list of expectations");
    }
    List<ExpectationConfig> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(expectation(list.get(i), i, origin));
    }
    return new ExpectationSuite(name, out, origin);
  }

  private static ExpectationConfig expectation(JsonNode node, int index, String origin) {
    String where = origin + ": expectations[" + index + "]";
    if (!node.isObject()) {
      throw KairosException.user(where + ": must be an object with expectation_type and kwargs");
    }
    String type = text(node, "expectation_type", "type");
    if (type == null) {
      throw KairosException.user(where + ": missing \"expectation_type\"");
    }
    Catalog.Spec spec = Catalog.SPECS.get(type);
    if (spec == null) {
      String near = Suggest.nearest(type, Catalog.SPECS.keySet());
      throw KairosException.user(
          where
              + ": unknown expectation type '"
              + type
              + "'"
              + (near == null ? "" : "; did you mean '" + near + "'?")
              + "; supported types: "
              + String.join(", ", Catalog.SPECS.keySet()));
    }
    Map<String, Object> kwargs = map(node.get("kwargs"), where + " (" + type + "): \"kwargs\"");
    Map<String, Object> meta = map(node.get("meta"), where + " (" + type + "): \"meta\"");
    ExpectationConfig config = new ExpectationConfig(index, type, kwargs, meta);
    checkKwargs(config, spec, where + " (" + type + ")");
    return config;
  }

  private static void checkKwargs(ExpectationConfig config, Catalog.Spec spec, String where) {
    TreeSet<String> valid = new TreeSet<>(spec.required().keySet());
    valid.addAll(spec.optional().keySet());
    for (Map.Entry<String, Object> e : config.kwargs().entrySet()) {
      Kwarg kind = spec.kind(e.getKey());
      if (kind == null) {
        String near = Suggest.nearest(e.getKey(), valid);
        throw KairosException.user(
            where
                + ": unknown argument '"
                + e.getKey()
                + "'"
                + (near == null ? "" : "; did you mean '" + near + "'?")
                + "; valid arguments: "
                + String.join(", ", valid));
      }
      if (!kind.accepts(e.getValue())) {
        throw KairosException.user(
            where
                + ": argument '"
                + e.getKey()
                + "' must be "
                + kind.description()
                + ", got "
                + json(e.getValue()));
      }
    }
    for (String required : new TreeSet<>(spec.required().keySet())) {
      if (!config.kwargs().containsKey(required)) {
        throw KairosException.user(
            where
                + ": missing argument '"
                + required
                + "'; valid arguments: "
                + String.join(", ", valid));
      }
    }
    boolean bounded = spec.optional().containsKey("min_value");
    if (bounded
        && config.kwargs().get("min_value") == null
        && config.kwargs().get("max_value") == null
        && !config.type().equals("expect_table_row_count_to_be_between")) {
      throw KairosException.user(where + ": give min_value, max_value or both");
    }
  }

  private static Map<String, Object> map(JsonNode node, String what) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw KairosException.user(what + " must be an object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(e -> out.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
    return out;
  }

  private static String text(JsonNode node, String... names) {
    for (String n : names) {
      JsonNode v = node.get(n);
      if (v != null && v.isTextual()) {
        return v.asText();
      }
    }
    return null;
  }

  private static String fileStem(String origin) {
    String f = Path.of(origin).getFileName().toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }

  static String json(Object v) {
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  public static String toJson(ExpectationSuite suite) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("expectation_suite_name", suite.name());
    List<Map<String, Object>> list = new ArrayList<>();
    for (ExpectationConfig c : suite.expectations()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("expectation_type", c.type());
      e.put("kwargs", c.kwargs());
      e.put("meta", c.meta());
      list.add(e);
    }
    root.put("expectations", list);
    root.put("meta", Map.of("generated_by", "kairos"));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot write suite " + suite.name(), e);
    }
  }

  public static List<String> supportedTypes() {
    return List.copyOf(Catalog.SPECS.keySet());
  }
}
