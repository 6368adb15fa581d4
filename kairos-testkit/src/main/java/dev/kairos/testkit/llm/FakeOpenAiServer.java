package dev.kairos.testkit.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenAI's {@code POST /v1/chat/completions}: with {@code "stream": true} server-sent events
 * ({@code data: {chunk}} lines, the tool call's arguments split over several deltas, then {@code
 * data: [DONE]}), otherwise one {@code chat.completion} object. Tool call arguments are JSON text
 * and each call has an id ({@code call_1}, ...) that Kairos must echo as {@code tool_call_id}.
 */
public final class FakeOpenAiServer extends FakeLlmServer {
  private final AtomicInteger ids = new AtomicInteger();

  public FakeOpenAiServer() {
    super("/v1/chat/completions");
  }

  @Override
  protected void respond(HttpExchange ex, JsonNode request, Reply reply) throws IOException {
    String model = request.path("model").asText();
    String finish = reply.calls().isEmpty() ? "stop" : "tool_calls";
    if (!request.path("stream").asBoolean(false)) {
      ObjectNode n = head(model, "chat.completion");
      ObjectNode choice = n.putArray("choices").addObject().put("index", 0);
      ObjectNode m = choice.putObject("message").put("role", "assistant");
      if (reply.text() == null) {
        m.putNull("content");
      } else {
        m.put("content", reply.text());
      }
      if (!reply.calls().isEmpty()) {
        ArrayNode calls = m.putArray("tool_calls");
        for (Call c : reply.calls()) {
          ObjectNode t = calls.addObject().put("id", "call_" + ids.incrementAndGet());
          t.put("type", "function");
          t.putObject("function").put("name", c.name()).put("arguments", c.arguments());
        }
      }
      choice.put("finish_reason", finish);
      n.putObject("usage")
          .put("prompt_tokens", 10)
          .put("completion_tokens", 5)
          .put("total_tokens", 15);
      send(ex, 200, "application/json", n.toString());
      return;
    }
    try (OutputStream out = chunked(ex, "text/event-stream")) {
      event(out, delta(model, object().put("role", "assistant").put("content", ""), null));
      if (reply.text() != null) {
        String text = reply.text();
        int step = Math.max(1, (text.length() + 2) / 3);
        for (int i = 0; i < text.length(); i += step) {
          event(
              out,
              delta(
                  model,
                  object().put("content", text.substring(i, Math.min(text.length(), i + step))),
                  null));
        }
      }
      int index = 0;
      for (Call c : reply.calls()) {
        ObjectNode first = object();
        ObjectNode t = first.putArray("tool_calls").addObject().put("index", index);
        t.put("id", "call_" + ids.incrementAndGet()).put("type", "function");
        t.putObject("function").put("name", c.name()).put("arguments", "");
        event(out, delta(model, first, null));
        String args = c.arguments();
        int half = args.length() / 2;
        for (String part : new String[] {args.substring(0, half), args.substring(half)}) {
          ObjectNode d = object();
          d.putArray("tool_calls")
              .addObject()
              .put("index", index)
              .putObject("function")
              .put("arguments", part);
          event(out, delta(model, d, null));
        }
        index++;
      }
      event(out, delta(model, object(), finish));
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static ObjectNode head(String model, String object) {
    return object()
        .put("id", "chatcmpl-fake")
        .put("object", object)
        .put("created", 1767225600L)
        .put("model", model);
  }

  private static ObjectNode delta(String model, ObjectNode delta, String finish) {
    ObjectNode n = head(model, "chat.completion.chunk");
    ObjectNode choice = n.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return n;
  }

  private static void event(OutputStream out, ObjectNode n) throws IOException {
    out.write(("data: " + n + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
