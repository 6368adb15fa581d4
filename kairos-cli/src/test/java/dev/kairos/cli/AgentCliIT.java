package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.testkit.llm.FakeLlmServer;
import dev.kairos.testkit.llm.FakeLlmServer.Reply;
import dev.kairos.testkit.llm.FakeOllamaServer;
import dev.kairos.testkit.llm.FakeOpenAiServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kairos ask} and {@code POST /v1/agent/ask} through the packaged CLI, against a repository
 * with a trained champion and language-model servers speaking Ollama's and OpenAI's protocols.
 */
class AgentCliIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path repo;
  static String baseConfig;

  @BeforeAll
  static void trainAndServeOnce() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "generate", "--users", "120", "--days", "14", "--seed", "5", "--output", "tx.csv");
    ok(repo, "apply");
    ok(repo, "ingest", "transactions", "tx.csv");
    KairosProcess.trainChampion(repo, "tx.csv");
    ok(repo, "materialize", "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z");
    baseConfig = Files.readString(repo.resolve("kairos.yaml"));
  }

  static void configure(String agentSection) throws Exception {
    Files.writeString(repo.resolve("kairos.yaml"), baseConfig + "\n" + agentSection);
  }

  static FakeLlmServer.Turn answerFromScore() {
    return req -> {
      for (JsonNode r : FakeLlmServer.toolResults(req)) {
        if (r.has("probability")) {
          return Reply.text(
              String.format(
                  Locale.ROOT,
                  "User %d is %s: fraud probability %.3f against a threshold of %.3f.",
                  r.path("user_id").asLong(),
                  r.path("is_fraud").asBoolean() ? "risky" : "not risky",
                  r.path("probability").asDouble(),
                  r.path("threshold").asDouble()));
        }
      }
      throw new AssertionError("no score in " + req);
    };
  }

  @Test
  void ask_withTrace_printsToolCallsGroundingAndVerdict_andLogsTheConversation() throws Exception {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      configure("agent:\n  provider: ollama\n  url: " + fake.url() + "\n  model: llama3.1\n");
      fake.script(req -> Reply.call("score_transaction", "{\"user_id\": 7}"), answerFromScore());
      KairosProcess.Result r = ok(repo, "ask", "Is user 7 risky?", "--trace");
      assertThat(r.stdout())
          .startsWith("tool score_transaction {\"user_id\":7}\n  -> {\"user_id\":7,")
          .containsPattern("\ngrounding: passed \\(attempt 1\\)\nverdict: (RISKY|NOT_RISKY)\n\n")
          .containsPattern("\nUser 7 is (risky|not risky): fraud probability 0\\.\\d{3} against")
          .containsPattern(
              "\n\\(verdict (RISKY|NOT_RISKY) from the champion's decision; grounded; 1 attempt;"
                  + " ollama:llama3.1\\)\n$");
      assertThat(fake.requests()).hasSize(2);
      List<String> log = Files.readAllLines(repo.resolve("data/agent/conversations.jsonl"));
      JsonNode last = JSON.readTree(log.get(log.size() - 1));
      assertThat(last.path("question").asText()).isEqualTo("Is user 7 risky?");
      assertThat(last.path("grounded").asBoolean()).isTrue();
    }
  }

  @Test
  void ask_formatJson_isTheHttpAnswerShape_overOpenAiWithAKeyThatIsNeverWritten() throws Exception {
    try (FakeOpenAiServer fake = new FakeOpenAiServer()) {
      configure(
          "agent:\n  provider: openai\n  url: "
              + fake.url()
              + "\n  model: gpt-4o-mini\n  api_key: ${KAIROS_TEST_LLM_KEY}\n  stream: true\n");
      fake.script(req -> Reply.call("score_transaction", "{\"user_id\": 9}"), answerFromScore());
      KairosProcess.Result r =
          KairosProcess.run(
              repo,
              Map.of("KAIROS_TEST_LLM_KEY", "sk-cli-secret-123"),
              120,
              "ask",
              "Is user 9 risky?",
              "--format",
              "json");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      JsonNode a = JSON.readTree(r.stdout());
      List<String> fields = new java.util.ArrayList<>();
      a.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactly(
              "answer",
              "grounded",
              "refused",
              "verdict",
              "tool_calls",
              "ungrounded",
              "attempts",
              "model");
      assertThat(a.path("grounded").asBoolean()).isTrue();
      assertThat(a.path("tool_calls").get(0).path("arguments").path("user_id").asLong())
          .isEqualTo(9);
      assertThat(a.path("tool_calls").get(0).path("result").path("decision").asText())
          .isEqualTo(a.path("verdict").asText());
      assertThat(fake.requests().get(0).authorization()).isEqualTo("Bearer sk-cli-secret-123");
      assertThat(r.stdout() + r.stderr()).doesNotContain("sk-cli-secret-123");
      assertThat(Files.readString(repo.resolve("data/agent/conversations.jsonl")))
          .doesNotContain("sk-cli-secret-123");
    }
  }

  @Test
  void ask_noModelReachable_exits3_namingTheUrlAndTheConfiguration() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    configure("agent:\n  url: http://127.0.0.1:" + port + "\n  timeout: 2s\n");
    KairosProcess.Result r = expect(3, repo, "ask", "Is user 7 risky?");
    assertThat(r.stderr())
        .isEqualTo(
            "error: the language model at http://127.0.0.1:"
                + port
                + " (ollama, model llama3.1) is not reachable (connection refused); start one"
                + " (e.g. ollama serve && ollama pull llama3.1) or configure another in the agent"
                + " section of kairos.yaml (agent: {provider: ollama|openai, url: ..., model: ...,"
                + " api_key: ${ENV_VAR}})\n");
    assertNoStackTrace(r);
  }

  @Test
  void ask_userMistakes_exit2() throws Exception {
    configure("agent:\n  provider: claude\n");
    KairosProcess.Result bad = expect(2, repo, "ask", "Is user 7 risky?");
    assertThat(bad.stderr()).contains("agent provider must be ollama or openai, not 'claude'");
    configure("agent:\n  modle: llama3.1\n");
    assertThat(expect(2, repo, "ask", "hi").stderr()).contains("modle");
    configure("");
    assertThat(expect(2, repo, "ask", "  ").stderr())
        .isEqualTo("error: the question is empty; ask e.g. \"Is user 1001 risky?\"\n");
  }

  @Test
  void serve_answersPostAgentAsk_withTheRealAgent() throws Exception {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      configure("agent:\n  url: " + fake.url() + "\n  stream: true\n");
      fake.script(req -> Reply.call("score_transaction", "{\"user_id\": 11}"), answerFromScore());
      int port = KairosProcess.freePort();
      KairosProcess.Running server =
          KairosProcess.start(
              repo, Map.of(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port));
      try {
        KairosProcess.awaitReady(port, "fraud@champion");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> resp =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/agent/ask"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"question\": \"Is user 11 risky?\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(resp.body());
        assertThat(a.path("grounded").asBoolean()).isTrue();
        assertThat(a.path("model").asText()).isEqualTo("ollama:llama3.1");
        assertThat(a.path("verdict").asText())
            .isEqualTo(a.path("tool_calls").get(0).path("result").path("decision").asText());
        HttpResponse<String> bad =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/agent/ask"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[]"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
      } finally {
        server.process().destroy();
        server.await(60);
      }
    }
  }
}
