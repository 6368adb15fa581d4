package dev.kairos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.KairosException;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.ToolCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Appends one JSON line per conversation to {@code data/agent/conversations.jsonl}: time, model,
 * question, answer, grounded, refused, verdict, attempts, ungrounded statements, tool calls (with
 * arguments and results) and the error, if any. Settings are never written, so neither is the API
 * key.
 */
public final class ConversationLog {
  /** Where the log goes, relative to the repository. */
  public static final String PATH = "data/agent/conversations.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Clock clock;

  /**
   * @param file the log file, or null to keep no log
   */
  public ConversationLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Logs nothing. */
  public static ConversationLog none() {
    return new ConversationLog(null, Clock.systemUTC());
  }

  /** Appends a conversation; {@code error} is set when it ended in one. */
  public synchronized void append(Question q, Answer a, String error) {
    if (file == null) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("time", clock.instant().toString());
    n.put("model", a.model());
    n.put("question", q.text());
    n.put("answer", a.answer());
    n.put("grounded", a.grounded());
    n.put("refused", a.refused());
    n.put("verdict", a.verdict().name());
    n.put("attempts", a.attempts());
    ArrayNode u = n.putArray("ungrounded");
    a.ungrounded().forEach(u::add);
    ArrayNode calls = n.putArray("tool_calls");
    for (ToolCall c : a.toolCalls()) {
      ObjectNode o = calls.addObject();
      o.put("tool", c.tool());
      o.set("arguments", JSON.valueToTree(c.arguments()));
      o.set("result", parse(c.result()));
    }
    if (error != null) {
      n.put("error", error);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          n.toString() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw KairosException.unavailable(
          "cannot append to the conversation log " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
