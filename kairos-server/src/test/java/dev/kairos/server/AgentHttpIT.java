package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.KairosException;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.agent.ToolCall;
import dev.kairos.api.agent.Verdict;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/agent/ask}: the exact JSON the dashboard reads, and the error mapping. The agent
 * behind it is a stand-in at the {@link RiskAgent} interface; the real one is exercised end to end
 * by the CLI's AgentCliIT.
 */
class AgentHttpIT {
  final List<String> asked = new CopyOnWriteArrayList<>();

  KairosServer server(Function<Question, Answer> answers, Duration timeout) {
    RiskAgent agent =
        new RiskAgent() {
          @Override
          public Answer ask(Question q) {
            asked.add(q.text());
            return answers.apply(q);
          }

          @Override
          public String describe() {
            return "ollama:llama3.1@http://127.0.0.1:11434";
          }
        };
    return TestData.builderForAgent().agent(agent, timeout).build().start();
  }

  @Test
  void ask_answersTheDashboardsJsonShape() {
    Answer a =
        new Answer(
            "User 1001 is not risky: probability 0.012.",
            true,
            false,
            Verdict.NOT_RISKY,
            List.of(
                new ToolCall(
                    "score_transaction",
                    Map.of("user_id", 1001L),
                    "{\"probability\":0.012,\"decision\":\"NOT_RISKY\"}")),
            List.of(),
            1,
            "ollama:llama3.1");
    KairosServer s = server(q -> a, Duration.ofSeconds(5));
    try {
      HttpResponse<String> r =
          Http.post(s.port(), "/v1/agent/ask", "{\"question\": \"  Is user 1001 risky? \"}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .isEqualTo(
              "{\"answer\":\"User 1001 is not risky: probability 0.012.\",\"grounded\":true,"
                  + "\"refused\":false,\"verdict\":\"NOT_RISKY\",\"tool_calls\":[{\"tool\":"
                  + "\"score_transaction\",\"arguments\":{\"user_id\":1001},\"result\":"
                  + "{\"probability\":0.012,\"decision\":\"NOT_RISKY\"}}],\"ungrounded\":[],"
                  + "\"attempts\":1,\"model\":\"ollama:llama3.1\"}");
      assertThat(asked).containsExactly("Is user 1001 risky?");
    } finally {
      s.stop();
    }
  }

  @Test
  void ask_rejectsBadBodies_with400_andNeverAsks() {
    KairosServer s = server(q -> null, Duration.ofSeconds(5));
    try {
      assertThat(Http.post(s.port(), "/v1/agent/ask", "{\"q\": \"x\"}").body())
          .isEqualTo(
              "{\"error\":\"the body must be JSON like {\\\"question\\\": \\\"Is user 1001"
                  + " risky?\\\"}; unknown field 'q'\",\"kind\":\"USER\",\"status\":400}");
      assertThat(Http.post(s.port(), "/v1/agent/ask", "not json").statusCode()).isEqualTo(400);
      assertThat(Http.post(s.port(), "/v1/agent/ask", "{\"question\": 7}").statusCode())
          .isEqualTo(400);
      HttpResponse<String> empty = Http.post(s.port(), "/v1/agent/ask", "{\"question\": \" \"}");
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(empty.body()).contains("the question is empty");
      HttpResponse<String> form =
          Http.post(s.port(), "/v1/agent/ask", "{\"question\": \"hi\"}", "text/plain");
      assertThat(form.statusCode()).isEqualTo(400);
      assertThat(form.body())
          .contains(
              "POST /v1/agent/ask takes a JSON body: send the header Content-Type:"
                  + " application/json (not text/plain)");
      assertThat(asked).isEmpty();
    } finally {
      s.stop();
    }
  }

  @Test
  void ask_modelUnreachable_is503_withTheAgentsMessage() {
    KairosServer s =
        server(
            q -> {
              throw KairosException.unavailable(
                  "the language model at http://127.0.0.1:1 (ollama, model llama3.1) is not"
                      + " reachable (connection refused)",
                  null);
            },
            Duration.ofSeconds(5));
    try {
      HttpResponse<String> r = Http.post(s.port(), "/v1/agent/ask", "{\"question\": \"hi\"}");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body())
          .isEqualTo(
              "{\"error\":\"the language model at http://127.0.0.1:1 (ollama, model llama3.1) is"
                  + " not reachable (connection refused)\",\"kind\":\"UNAVAILABLE\",\"status\":503}");
    } finally {
      s.stop();
    }
  }

  @Test
  void ask_outlivesTheServersRequestTimeout_upToTheAgentTimeout() {
    Answer slow =
        new Answer("ok", true, false, Verdict.UNKNOWN, List.of(), List.of(), 1, "ollama:x");
    KairosServer s =
        server(
            q -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return slow;
            },
            Duration.ofSeconds(10));
    try {
      // TestData's server times requests out after 1 s; the agent route has its own bound.
      assertThat(Http.post(s.port(), "/v1/agent/ask", "{\"question\": \"hi\"}").statusCode())
          .isEqualTo(200);
    } finally {
      s.stop();
    }
  }

  @Test
  void ask_withoutAnAgent_is404_sayingHowToConfigureOne() {
    KairosServer s = TestData.server();
    try {
      HttpResponse<String> r = Http.post(s.port(), "/v1/agent/ask", "{\"question\": \"hi\"}");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body())
          .contains(
              "no risk agent is configured on this server: add an agent section to kairos.yaml");
    } finally {
      s.stop();
    }
  }
}
