package dev.kairos.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.agent.ConversationLog;
import dev.kairos.agent.Grounding;
import dev.kairos.api.KairosException;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.agent.ToolCall;
import dev.kairos.api.agent.Verdict;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The conversation loop: the model calls tools (validated here, executed by {@link KairosTools})
 * until it writes an answer; the answer passes {@link Grounding} or is sent back once with its
 * ungrounded statements; a second failure returns Kairos' own refusal.
 */
public final class KairosRiskAgent implements RiskAgent {
  /** Invalid tool calls (unknown tool, bad JSON, wrong arguments) tolerated per conversation. */
  public static final int MAX_INVALID_CALLS = 3;

  /** Model calls per answer attempt before Kairos gives up on a model that only calls tools. */
  public static final int MAX_ROUNDS = 8;

  public static final String INVALID_CALLS = "the model keeps producing invalid tool calls";

  private static final List<ToolSpecification> SPECIFICATIONS =
      KairosTools.SPECS.stream().map(ToolSpec::specification).toList();

  private final ModelClient client;
  private final KairosTools tools;
  private final ConversationLog log;
  private final String model;

  public KairosRiskAgent(ModelClient client, KairosTools tools, ConversationLog log, String model) {
    this.client = client;
    this.tools = tools;
    this.log = log;
    this.model = model;
  }

  @Override
  public String describe() {
    return model;
  }

  @Override
  public Answer ask(Question question) {
    Conversation c = new Conversation(question);
    try {
      Answer a = c.run();
      log.append(question, a, null);
      return a;
    } catch (KairosException e) {
      log.append(question, c.partial(), e.getMessage());
      throw e;
    }
  }

  /** One question's state. */
  private final class Conversation {
    final Question question;
    final List<ChatMessage> messages = new ArrayList<>();
    final List<ToolCall> calls = new ArrayList<>();
    final List<JsonNode> results = new ArrayList<>();
    final List<Verdict> decisions = new ArrayList<>();
    List<String> ungrounded = List.of();
    int invalid;
    int attempts;

    Conversation(Question question) {
      this.question = question;
      messages.add(SystemMessage.from(Prompts.SYSTEM));
      messages.add(UserMessage.from(question.text()));
    }

    Answer run() {
      for (int attempt = 1; attempt <= 2; attempt++) {
        String text = answerText();
        attempts = attempt;
        Grounding.Result g =
            text.isBlank()
                ? new Grounding.Result(List.of("the model gave no answer"))
                : Grounding.check(text, question.text(), results, decisions);
        if (g.grounded()) {
          return new Answer(text, true, false, verdict(), calls, List.of(), attempts, model);
        }
        ungrounded = g.ungrounded();
        messages.add(AiMessage.from(text.isBlank() ? "(no answer)" : text));
        messages.add(UserMessage.from(Prompts.retry(ungrounded)));
      }
      return new Answer(refusal(), false, true, verdict(), calls, ungrounded, attempts, model);
    }

    Answer partial() {
      return new Answer("", false, true, verdict(), calls, ungrounded, attempts, model);
    }

    /** Model calls until one comes back without tool calls; that one's text. */
    private String answerText() {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        AiMessage ai = client.chat(messages, SPECIFICATIONS);
        if (!ai.hasToolExecutionRequests()) {
          return ai.text() == null ? "" : ai.text().strip();
        }
        messages.add(ai);
        for (ToolExecutionRequest req : ai.toolExecutionRequests()) {
          String result = call(req);
          messages.add(ToolExecutionResultMessage.from(req, result));
        }
      }
      throw KairosException.unavailable(
          "the model kept calling tools for "
              + MAX_ROUNDS
              + " rounds without answering; ask a narrower question or use a stronger model",
          null);
    }

    private String call(ToolExecutionRequest req) {
      String name = req.name() == null ? "" : req.name();
      Optional<ToolSpec> spec = KairosTools.spec(name);
      Map<String, Object> args = Map.of();
      ObjectNode result;
      try {
        if (spec.isEmpty()) {
          throw new ToolSpec.InvalidToolCall(
              "there is no tool '"
                  + name
                  + "'; the tools are "
                  + KairosTools.SPECS.stream().map(ToolSpec::name).toList());
        }
        args = spec.get().parse(req.arguments());
        result = tools.execute(name, args);
      } catch (ToolSpec.InvalidToolCall e) {
        invalid++;
        result = KairosTools.JSON.createObjectNode().put("error", e.getMessage());
        calls.add(new ToolCall(name, args, result.toString()));
        if (invalid >= MAX_INVALID_CALLS) {
          throw KairosException.unavailable(
              INVALID_CALLS
                  + " ("
                  + invalid
                  + " in this conversation; the last: "
                  + e.getMessage()
                  + ")",
              null);
        }
        return result.toString();
      }
      calls.add(new ToolCall(name, args, result.toString()));
      // A data failure ("user 7 has no transaction") is Kairos' own statement: an answer may
      // quote it, and the tool was called.
      results.add(result);
      if (!result.has("error") && name.equals("score_transaction")) {
        decisions.add(result.path("is_fraud").asBoolean() ? Verdict.RISKY : Verdict.NOT_RISKY);
      }
      return result.toString();
    }

    private Verdict verdict() {
      if (decisions.isEmpty()) {
        return Verdict.UNKNOWN;
      }
      return decisions.stream().distinct().count() == 1 ? decisions.get(0) : Verdict.UNKNOWN;
    }

    /** Kairos' own words: what it verified, never the model's ungrounded text. */
    private String refusal() {
      StringBuilder b =
          new StringBuilder(
              "Kairos could not verify the model's answer, so it is not shown ("
                  + ungrounded.size()
                  + " unsupported statement"
                  + (ungrounded.size() == 1 ? "" : "s")
                  + ").");
      if (results.isEmpty()) {
        b.append(" No tool was called for this question, so nothing could be verified.");
      }
      for (JsonNode r : results) {
        b.append(' ').append(verified(r));
      }
      return b.toString();
    }
  }

  static String verified(JsonNode r) {
    if (r.has("error")) {
      return "A tool answered: " + r.path("error").asText();
    }
    if (r.has("probability")) {
      return String.format(
          Locale.ROOT,
          "Verified: model %s version %d scored user %s's %s at probability %.4f (threshold"
              + " %.4f): %s.",
          r.path("model").asText(),
          r.path("version").asLong(),
          r.path("user_id").asText(),
          r.path("transaction").path("source").asText().startsWith("given")
              ? "given transaction"
              : "latest transaction",
          r.path("probability").asDouble(),
          r.path("threshold").asDouble(),
          r.path("decision").asText());
    }
    if (r.has("features")) {
      return "Verified: "
          + r.path("features").size()
          + " online features of "
          + r.path("join_key").asText()
          + " "
          + r.path("entity_id").asText()
          + " from "
          + r.path("service").asText()
          + ".";
    }
    if (r.has("runs")) {
      return "Verified: "
          + r.path("runs").size()
          + " validation runs of "
          + r.path("source").asText()
          + ".";
    }
    if (r.has("rows")) {
      return "Verified: " + r.path("rows").size() + " daily risk rows.";
    }
    return "Verified: " + r.path("results").size() + " documentation passages.";
  }
}
