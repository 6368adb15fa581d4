package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import dev.kairos.api.KairosException;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.server.AgentAnswers;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * {@code POST /v1/agent/ask} with {@code {"question": "..."}}: the risk agent's answer as {@link
 * AgentAnswers} encodes it, asked on the blocking-task pool (the model may take seconds). Failures
 * go through {@link ErrorMapping}: 400 for a bad body, 404 without an agent, 503 when the model is
 * unreachable, too slow or keeps producing invalid tool calls.
 */
public final class AgentHandler {
  static final String NOT_CONFIGURED =
      "no risk agent is configured on this server: add an agent section to kairos.yaml (agent:"
          + " {provider: ollama, url: http://127.0.0.1:11434, model: llama3.1}) and restart kairos"
          + " serve";
  static final String BAD_BODY =
      "the body must be JSON like {\"question\": \"Is user 1001 risky?\"}";

  private final RiskAgent agent;
  private final ServerMetrics metrics;

  /**
   * @param agent the agent, or null when none is configured
   */
  AgentHandler(RiskAgent agent, ServerMetrics metrics) {
    this.agent = agent;
    this.metrics = metrics;
  }

  /**
   * Adds the route; its request timeout is the agent's (a conversation makes several model calls).
   */
  public static void install(
      ServerBuilder sb, RiskAgent agent, Duration timeout, ServerMetrics metrics) {
    AgentHandler h = new AgentHandler(agent, metrics);
    sb.route().post("/v1/agent/ask").requestTimeout(timeout).build(h.service());
  }

  HttpService service() {
    return (ctx, req) ->
        HttpResponse.of(
            req.aggregate()
                .thenApplyAsync(
                    (AggregatedHttpRequest r) -> {
                      long start = System.nanoTime();
                      try {
                        if (agent == null) {
                          throw KairosException.notFound(NOT_CONFIGURED);
                        }
                        Json.requireJson(r);
                        Answer a = agent.ask(question(r.contentUtf8()));
                        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, encode(a));
                      } catch (RuntimeException e) {
                        KairosException k = ErrorMapping.classify(e);
                        metrics.error(Endpoint.AGENT, k.kind());
                        return ErrorMapping.httpResponse(k);
                      } finally {
                        metrics.request(Endpoint.AGENT, System.nanoTime() - start);
                      }
                    },
                    ctx.blockingTaskExecutor()));
  }

  static Question question(String body) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw KairosException.user(BAD_BODY + "; it is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw KairosException.user(BAD_BODY);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("question")) {
        throw KairosException.user(BAD_BODY + "; unknown field '" + f + "'");
      }
    }
    JsonNode q = n.get("question");
    if (q == null || !q.isTextual()) {
      throw KairosException.user(BAD_BODY + "; \"question\" must be a string");
    }
    return new Question(q.asText());
  }

  static byte[] encode(Answer a) {
    try {
      return Json.MAPPER.writeValueAsBytes(AgentAnswers.json(a));
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot encode the agent's answer: " + e.getMessage(), e);
    }
  }
}
