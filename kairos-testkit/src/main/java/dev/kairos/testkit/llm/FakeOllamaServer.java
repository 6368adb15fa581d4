package dev.kairos.testkit.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ollama's {@code POST /api/chat}: with {@code "stream": false} one JSON object, otherwise NDJSON
 * chunks (the text split in pieces, tool calls in one chunk) ending with {@code "done": true}. Tool
 * call arguments are JSON objects, as Ollama sends them; a scripted argument text that is not a
 * JSON object is sent as a string.
 */
public final class FakeOllamaServer extends FakeLlmServer {
  public FakeOllamaServer() {
    super("/api/chat");
  }

  @Override
  protected void respond(HttpExchange ex, JsonNode request, Reply reply) throws IOException {
    String model = request.path("model").asText();
    if (!request.path("stream").asBoolean(true)) {
      ObjectNode n = chunk(model, message(reply, reply.text()), true);
      send(ex, 200, "application/json", n.toString());
      return;
    }
    try (OutputStream out = chunked(ex, "application/x-ndjson")) {
      String text = reply.text() == null ? "" : reply.text();
      int step = Math.max(1, (text.length() + 2) / 3);
      for (int i = 0; i < text.length(); i += step) {
        ObjectNode m = object().put("role", "assistant");
        m.put("content", text.substring(i, Math.min(text.length(), i + step)));
        line(out, chunk(model, m, false));
      }
      if (!reply.calls().isEmpty()) {
        line(out, chunk(model, message(reply, ""), false));
      }
      ObjectNode last = chunk(model, object().put("role", "assistant").put("content", ""), true);
      line(out, last);
    }
  }

  private static ObjectNode message(Reply reply, String text) {
    ObjectNode m = object().put("role", "assistant").put("content", text == null ? "" : text);
    if (!reply.calls().isEmpty()) {
      ArrayNode calls = m.putArray("tool_calls");
      for (Call c : reply.calls()) {
        ObjectNode f = calls.addObject().putObject("function");
        f.put("name", c.name());
        JsonNode args;
        try {
          args = JSON.readTree(c.arguments());
        } catch (IOException e) {
          args = null;
        }
        if (args != null && args.isObject()) {
          f.set("arguments", args);
        } else {
          f.put("arguments", c.arguments());
        }
      }
    }
    return m;
  }

  private static ObjectNode chunk(String model, ObjectNode message, boolean done) {
    ObjectNode n = object().put("model", model).put("created_at", "2026-01-01T00:00:00Z");
    n.set("message", message);
    n.put("done", done);
    if (done) {
      n.put("done_reason", "stop");
      n.put("total_duration", 1_000_000);
      n.put("prompt_eval_count", 10);
      n.put("eval_count", 5);
    }
    return n;
  }

  private static void line(OutputStream out, ObjectNode n) throws IOException {
    out.write((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
