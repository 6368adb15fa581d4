package dev.kairos.api.agent;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool call Kairos executed for the model.
 *
 * @param tool the tool name, e.g. {@code score_transaction}
 * @param arguments the validated arguments, by name (JSON values: String, Number, Boolean)
 * @param result the tool's result as a JSON document (text), or {@code {"error": ...}} when the
 *     tool refused the call
 */
public record ToolCall(String tool, Map<String, Object> arguments, String result) {
  public ToolCall {
    requireNonNull(tool, "tool");
    requireNonNull(result, "result");
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }
}
