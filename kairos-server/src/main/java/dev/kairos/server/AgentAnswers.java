package dev.kairos.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.ToolCall;
import java.io.IOException;

/**
 * The JSON form of the risk agent's answer, the body of {@code POST /v1/agent/ask} and the output
 * of {@code kairos ask --format json}: {@code {"answer", "grounded", "refused", "verdict",
 * "tool_calls": [{"tool", "arguments", "result"}], "ungrounded", "attempts", "model"}}. A tool
 * result is embedded as JSON when it is JSON, else as a string.
 */
public final class AgentAnswers {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AgentAnswers() {}

  /** The answer as a JSON object. */
  public static ObjectNode json(Answer a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("answer", a.answer());
    n.put("grounded", a.grounded());
    n.put("refused", a.refused());
    n.put("verdict", a.verdict().name());
    ArrayNode calls = n.putArray("tool_calls");
    for (ToolCall c : a.toolCalls()) {
      ObjectNode o = calls.addObject();
      o.put("tool", c.tool());
      o.set("arguments", MAPPER.valueToTree(c.arguments()));
      o.set("result", result(c.result()));
    }
    ArrayNode u = n.putArray("ungrounded");
    a.ungrounded().forEach(u::add);
    n.put("attempts", a.attempts());
    n.put("model", a.model());
    return n;
  }

  private static JsonNode result(String text) {
    try {
      JsonNode parsed = MAPPER.readTree(text);
      // readTree gives a missing node for blank text, which would drop the field.
      return parsed == null || parsed.isMissingNode()
          ? MAPPER.getNodeFactory().textNode(text)
          : parsed;
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(text);
    }
  }
}
