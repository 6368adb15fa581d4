package dev.kairos.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool's declared schema, written once: the model is sent it as a {@link ToolSpecification}, and
 * the arguments the model sends back are checked against it here (LangChain4j itself would pass a
 * misnamed argument on as null).
 *
 * @param name the tool name the model calls
 * @param description what it does, for the model
 * @param params its arguments, in order
 */
public record ToolSpec(String name, String description, List<Param> params) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A JSON type an argument may have. */
  public enum Type {
    STRING,
    INTEGER,
    NUMBER
  }

  /** One argument. */
  public record Param(String name, Type type, boolean required, String description) {}

  public ToolSpec {
    params = List.copyOf(params);
  }

  /** The specification sent to the model: an object schema without additional properties. */
  public ToolSpecification specification() {
    JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
    List<String> required = new ArrayList<>();
    for (Param p : params) {
      switch (p.type()) {
        case STRING -> schema.addStringProperty(p.name(), p.description());
        case INTEGER -> schema.addIntegerProperty(p.name(), p.description());
        case NUMBER -> schema.addNumberProperty(p.name(), p.description());
      }
      if (p.required()) {
        required.add(p.name());
      }
    }
    schema.required(required).additionalProperties(false);
    return ToolSpecification.builder()
        .name(name)
        .description(description)
        .parameters(schema.build())
        .build();
  }

  /**
   * Parses and checks the model's arguments: a JSON object with only declared names, every required
   * one present, each of its declared type (an integer or number written as a JSON string is
   * accepted when it parses as one). Values come back as String, Long or Double.
   *
   * @throws InvalidToolCall naming what is wrong and the declared arguments
   */
  public Map<String, Object> parse(String arguments) {
    JsonNode node;
    try {
      node = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
    } catch (IOException e) {
      throw new InvalidToolCall(
          "the arguments of " + name + " are not valid JSON (" + firstLine(e) + "): " + arguments);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidToolCall(
          "the arguments of " + name + " must be a JSON object like " + example());
    }
    Map<String, Param> declared = new LinkedHashMap<>();
    params.forEach(p -> declared.put(p.name(), p));
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Param p = declared.get(e.getKey());
      if (p == null) {
        throw new InvalidToolCall(
            name + " has no argument '" + e.getKey() + "'; its arguments are " + declared.keySet());
      }
      if (e.getValue().isNull()) {
        continue;
      }
      out.put(p.name(), value(p, e.getValue()));
    }
    for (Param p : params) {
      if (p.required() && !out.containsKey(p.name())) {
        throw new InvalidToolCall(
            name + " needs the argument '" + p.name() + "' (" + p.description() + ")");
      }
    }
    return out;
  }

  private Object value(Param p, JsonNode v) {
    String wrong =
        "argument '"
            + p.name()
            + "' of "
            + name
            + " must be "
            + p.type().name().toLowerCase()
            + ", not "
            + v;
    switch (p.type()) {
      case STRING:
        if (v.isTextual() || v.isNumber()) {
          return v.asText();
        }
        throw new InvalidToolCall(wrong);
      case INTEGER:
        if (v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
          return v.asLong();
        }
        if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
          return Long.parseLong(v.asText().trim());
        }
        throw new InvalidToolCall(wrong);
      default:
        if (v.isNumber()) {
          return v.asDouble();
        }
        if (v.isTextual()) {
          try {
            return Double.parseDouble(v.asText().trim());
          } catch (NumberFormatException e) {
            throw new InvalidToolCall(wrong);
          }
        }
        throw new InvalidToolCall(wrong);
    }
  }

  private String example() {
    StringBuilder b = new StringBuilder("{");
    for (Param p : params) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"')
          .append(p.name())
          .append("\": ")
          .append(p.type() == Type.STRING ? "\"...\"" : "1");
    }
    return b.append('}').toString();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A tool call the model got wrong; its message is sent back to the model as the tool result. */
  public static final class InvalidToolCall extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidToolCall(String message) {
      super(message);
    }
  }
}
