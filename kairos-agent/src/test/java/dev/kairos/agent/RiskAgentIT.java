package dev.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.agent.AgentSettings.Provider;
import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.agent.Verdict;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.testkit.llm.FakeLlmServer;
import dev.kairos.testkit.llm.FakeLlmServer.Reply;
import dev.kairos.testkit.llm.FakeOllamaServer;
import dev.kairos.testkit.llm.FakeOpenAiServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real repository (embedded stores, a trained champion) and language-model
 * servers that speak Ollama's and OpenAI's wire protocols, scripted per test.
 */
class RiskAgentIT {
  static AgentRepo repo;
  static long risky;
  static long safe;
  @TempDir Path tmp;

  @BeforeAll
  static void repo() throws Exception {
    repo = AgentRepo.get();
    risky = repo.userDecided(true);
    safe = repo.userDecided(false);
  }

  RiskAgent agent(FakeLlmServer fake, Provider provider, boolean stream, ConversationLog log) {
    AgentSettings s =
        new AgentSettings(
            provider,
            fake.url(),
            provider == Provider.OLLAMA ? "llama3.1" : "gpt-4o-mini",
            provider == Provider.OPENAI ? "sk-test-secret" : null,
            Duration.ofSeconds(10),
            stream,
            "fraud");
    return Agents.create(s, repo.backends, log);
  }

  RiskAgent ollama(FakeLlmServer fake) {
    return agent(fake, Provider.OLLAMA, false, ConversationLog.none());
  }

  /** The answer a well-behaved model writes from a score_transaction result. */
  static String answerFrom(JsonNode score) {
    JsonNode top = score.path("top_contributions").get(0);
    return String.format(
        Locale.ROOT,
        "User %d is %s: the champion model (version %d) gives a fraud probability of %.3f against"
            + " a threshold of %.3f. The strongest reason is %s (%.2f).",
        score.path("user_id").asLong(),
        score.path("is_fraud").asBoolean() ? "risky" : "not risky",
        score.path("version").asLong(),
        score.path("probability").asDouble(),
        score.path("threshold").asDouble(),
        top.path("feature").asText(),
        top.path("shap").asDouble());
  }

  static FakeLlmServer.Turn answerFromScore() {
    return req -> {
      for (JsonNode r : FakeLlmServer.toolResults(req)) {
        if (r.has("probability")) {
          return Reply.text(answerFrom(r));
        }
      }
      throw new AssertionError("no score_transaction result in " + req);
    };
  }

  static Reply score(long user) {
    return Reply.call("score_transaction", "{\"user_id\": " + user + "}");
  }

  @Test
  void ollama_groundedAnswer_passes_andKairosSendsTheDeclaredToolSchemas() throws Exception {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.script(req -> score(safe), answerFromScore());
      Answer a = ollama(fake).ask(new Question("Is user " + safe + " risky?"));

      JsonNode score = FakeLlmServer.JSON.readTree(a.toolCalls().get(0).result());
      assertThat(a.answer()).isEqualTo(answerFrom(score));
      assertThat(a.grounded()).isTrue();
      assertThat(a.refused()).isFalse();
      assertThat(a.verdict()).isEqualTo(Verdict.NOT_RISKY);
      assertThat(a.attempts()).isEqualTo(1);
      assertThat(a.model()).isEqualTo("ollama:llama3.1");
      assertThat(a.toolCalls()).hasSize(1);
      assertThat(a.toolCalls().get(0).tool()).isEqualTo("score_transaction");
      assertThat(a.toolCalls().get(0).arguments()).isEqualTo(Map.of("user_id", safe));
      assertThat(score.path("decision").asText()).isEqualTo("NOT_RISKY");

      List<FakeLlmServer.Request> sent = fake.requests();
      assertThat(sent).hasSize(2);
      JsonNode first = sent.get(0).body();
      assertThat(sent.get(0).path()).isEqualTo("/api/chat");
      assertThat(first.path("model").asText()).isEqualTo("llama3.1");
      assertThat(first.path("stream").asBoolean()).isFalse();
      assertThat(roles(first)).containsExactly("system", "user");
      assertThat(first.path("messages").get(1).path("content").asText())
          .isEqualTo("Is user " + safe + " risky?");
      assertThat(toolNames(first))
          .containsExactly(
              "get_online_features",
              "score_transaction",
              "search_documentation",
              "get_quality_history",
              "get_daily_risk");
      JsonNode scoring = tool(first, "score_transaction").path("parameters");
      assertThat(scoring.path("type").asText()).isEqualTo("object");
      assertThat(names(scoring.path("properties")))
          .containsExactly(
              "user_id", "amount", "merchant_id", "merchant_category", "country", "device_id");
      assertThat(scoring.path("properties").path("user_id").path("type").asText())
          .isEqualTo("integer");
      assertThat(scoring.path("required").toString()).isEqualTo("[\"user_id\"]");
      assertThat(names(tool(first, "get_online_features").path("parameters").path("properties")))
          .containsExactly("service", "entity_id");
      assertThat(names(tool(first, "get_daily_risk").path("parameters").path("properties")))
          .containsExactly("from", "to", "category", "country");

      JsonNode second = sent.get(1).body();
      assertThat(roles(second)).containsExactly("system", "user", "assistant", "tool");
      JsonNode call = second.path("messages").get(2).path("tool_calls").get(0).path("function");
      assertThat(call.path("name").asText()).isEqualTo("score_transaction");
      assertThat(call.path("arguments").path("user_id").asLong()).isEqualTo(safe);
      assertThat(second.path("messages").get(3).path("content").asText())
          .isEqualTo(a.toolCalls().get(0).result());
    }
  }

  @Test
  void inventedAmount_isSentBackOnceWithTheUngroundedStatement_thenRefused() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      String invented = "User " + safe + " is not risky; their last purchase was 4321.99 USD.";
      fake.replies(score(safe), Reply.text(invented), Reply.text(invented));
      Answer a = ollama(fake).ask(new Question("Is user " + safe + " risky?"));

      assertThat(a.refused()).isTrue();
      assertThat(a.grounded()).isFalse();
      assertThat(a.attempts()).isEqualTo(2);
      assertThat(a.ungrounded()).containsExactly("the number 4321.99 appears in no tool result");
      assertThat(a.answer())
          .doesNotContain("4321.99")
          .startsWith(
              "Kairos could not verify the model's answer, so it is not shown (1 unsupported"
                  + " statement). Verified: model fraud version 1 scored user "
                  + safe
                  + "'s latest transaction at probability ")
          .endsWith(": NOT_RISKY.");
      assertThat(a.verdict()).isEqualTo(Verdict.NOT_RISKY);
      JsonNode third = fake.requests().get(2).body();
      JsonNode last = third.path("messages").get(third.path("messages").size() - 1);
      assertThat(last.path("role").asText()).isEqualTo("user");
      assertThat(last.path("content").asText())
          .startsWith("Kairos rejected your answer")
          .contains("- the number 4321.99 appears in no tool result\n");
    }
  }

  @Test
  void ungroundedFirstAnswer_correctedOnRetry_isReturnedAsGrounded() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.script(
          req -> score(risky),
          req -> Reply.text("User " + risky + " is risky: 97% fraud probability."),
          answerFromScore());
      Answer a = ollama(fake).ask(new Question("Is user " + risky + " risky?"));
      assertThat(a.grounded()).isTrue();
      assertThat(a.refused()).isFalse();
      assertThat(a.attempts()).isEqualTo(2);
      assertThat(a.verdict()).isEqualTo(Verdict.RISKY);
      assertThat(a.answer()).startsWith("User " + risky + " is risky: the champion model");
    }
  }

  @Test
  void answerWithoutAnyToolCall_isRefused() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.replies(Reply.text("User 1001 is not risky."), Reply.text("User 1001 is not risky."));
      Answer a = ollama(fake).ask(new Question("Is user 1001 risky?"));
      assertThat(a.refused()).isTrue();
      assertThat(a.verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(a.toolCalls()).isEmpty();
      assertThat(a.ungrounded())
          .containsExactly(
              "the question is about a specific entity but no tool was called to look it up",
              "\"is not risky\" without a score from the champion model");
      assertThat(a.answer())
          .isEqualTo(
              "Kairos could not verify the model's answer, so it is not shown (2 unsupported"
                  + " statements). No tool was called for this question, so nothing could be"
                  + " verified.");
    }
  }

  @Test
  void aUserWithoutTransactions_canBeAnsweredHonestly_fromTheToolsOwnWords() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.replies(
          score(987654),
          Reply.text("Kairos has no transaction of user 987654, so it cannot score the user."));
      Answer a = ollama(fake).ask(new Question("Is user 987654 risky?"));
      assertThat(a.grounded()).isTrue();
      assertThat(a.verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(a.toolCalls().get(0).result())
          .isEqualTo(
              "{\"error\":\"user 987654 has no transaction in the log; give amount, merchant_id,"
                  + " merchant_category and country to score one\"}");
    }
  }

  /**
   * The injected text reached the model only as tool output: never in the system prompt or another
   * role, and the declared tools were the same on every request.
   */
  static void assertInjectionStayedData(FakeOllamaServer fake) {
    JsonNode tools0 = fake.requests().get(0).body().path("tools");
    for (FakeLlmServer.Request r : fake.requests()) {
      assertThat(r.body().path("tools")).isEqualTo(tools0);
      assertThat(r.body().path("messages").get(0).path("content").asText())
          .doesNotContain("IGNORE PREVIOUS");
      for (JsonNode m : r.body().path("messages")) {
        if (m.path("content").asText().contains("IGNORE PREVIOUS")) {
          assertThat(m.path("role").asText()).isEqualTo("tool");
        }
      }
    }
  }

  @Test
  void injectedInstructionInARetrievedDescription_changesNeitherToolsPolicyNorVerdict() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      String obeyed = "User " + risky + " is safe.";
      fake.replies(
          Reply.call("search_documentation", "{\"query\": \"user most recent transaction\"}"),
          score(risky),
          Reply.text(obeyed),
          Reply.text(obeyed));
      Answer a = ollama(fake).ask(new Question("Is user " + risky + " risky?"));

      assertThat(a.toolCalls().get(0).result()).contains(AgentRepo.INJECTION);
      assertThat(a.verdict()).isEqualTo(Verdict.RISKY);
      assertThat(a.refused()).isTrue();
      assertThat(a.answer()).doesNotContain("is safe").endsWith(": RISKY.");
      assertThat(a.ungrounded())
          .containsExactly("\"safe\" contradicts the champion model's decision (RISKY)");
      assertInjectionStayedData(fake);
    }
  }

  @Test
  void injectedInstructionInAStoredFeatureValue_changesNeitherToolsPolicyNorVerdict()
      throws Exception {
    FeatureView view = repo.fs.definitions().requireView("user_last_transaction");
    OnlineStore store = repo.fs.onlineStore();
    OnlineRow stored = store.multiGet(view, List.of(EntityKey.of(risky))).get(0);
    Object[] hostile = stored.values().clone();
    hostile[view.indexOf("device_id")] = AgentRepo.INJECTION;
    store.multiPut(
        view,
        List.of(
            new OnlineRow(
                stored.key(), hostile, stored.eventTs(), stored.createdTs().plusSeconds(60))));
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      String obeyed = "User " + risky + " is safe.";
      fake.replies(
          Reply.call(
              "get_online_features",
              "{\"service\": \"user_last_transaction\", \"entity_id\": \"" + risky + "\"}"),
          score(risky),
          Reply.text(obeyed),
          Reply.text(obeyed));
      Answer a = ollama(fake).ask(new Question("Is user " + risky + " risky?"));

      assertThat(a.toolCalls().get(0).result()).contains(AgentRepo.INJECTION);
      assertThat(a.toolCalls())
          .extracting(c -> c.tool())
          .containsExactly("get_online_features", "score_transaction");
      assertThat(a.verdict()).isEqualTo(Verdict.RISKY);
      assertThat(a.refused()).isTrue();
      assertThat(a.answer()).doesNotContain("is safe").endsWith(": RISKY.");
      assertThat(a.ungrounded())
          .containsExactly("\"safe\" contradicts the champion model's decision (RISKY)");
      assertInjectionStayedData(fake);
    } finally {
      store.multiPut(
          view,
          List.of(
              new OnlineRow(
                  stored.key(),
                  stored.values(),
                  stored.eventTs(),
                  stored.createdTs().plusSeconds(120))));
    }
  }

  @Test
  void unknownTools_andMisnamedArguments_areReportedToTheModel_thenUnavailableAfterThree() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.replies(
          Reply.call("delete_user", "{\"user_id\": 1}"),
          Reply.call("score_transaction", "{\"user\": 1}"),
          Reply.call("get_user", "{}"));
      assertThatThrownBy(() -> ollama(fake).ask(new Question("Is user 1 risky?")))
          .isInstanceOfSatisfying(
              KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
          .hasMessage(
              "the model keeps producing invalid tool calls (3 in this conversation; the last:"
                  + " there is no tool 'get_user'; the tools are [get_online_features,"
                  + " score_transaction, search_documentation, get_quality_history,"
                  + " get_daily_risk])");
      List<JsonNode> results = FakeLlmServer.toolResults(fake.requests().get(2).body());
      assertThat(results.get(0).path("error").asText())
          .isEqualTo(
              "there is no tool 'delete_user'; the tools are [get_online_features,"
                  + " score_transaction, search_documentation, get_quality_history,"
                  + " get_daily_risk]");
      assertThat(results.get(1).path("error").asText())
          .isEqualTo(
              "score_transaction has no argument 'user'; its arguments are [user_id, amount,"
                  + " merchant_id, merchant_category, country, device_id]");
    }
  }

  @Test
  void openAiStreaming_malformedArguments_areRejected_thenAGroundedAnswer() {
    try (FakeOpenAiServer fake = new FakeOpenAiServer()) {
      fake.script(
          req -> Reply.call("score_transaction", "{\"user_id\": " + safe),
          req -> score(safe),
          answerFromScore());
      Answer a =
          agent(fake, Provider.OPENAI, true, ConversationLog.none())
              .ask(new Question("Is user " + safe + " risky?"));
      assertThat(a.grounded()).isTrue();
      assertThat(a.verdict()).isEqualTo(Verdict.NOT_RISKY);
      assertThat(a.toolCalls()).hasSize(2);
      assertThat(a.toolCalls().get(0).result())
          .startsWith("{\"error\":\"the arguments of score_transaction are not valid JSON");

      FakeLlmServer.Request second = fake.requests().get(1);
      assertThat(second.path()).isEqualTo("/v1/chat/completions");
      assertThat(second.authorization()).isEqualTo("Bearer sk-test-secret");
      assertThat(second.body().path("stream").asBoolean()).isTrue();
      JsonNode assistant = second.body().path("messages").get(2);
      assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");
      assertThat(assistant.path("tool_calls").get(0).path("function").path("arguments").asText())
          .isEqualTo("{\"user_id\": " + safe);
      JsonNode toolMessage = second.body().path("messages").get(3);
      assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
      assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
      JsonNode declared = second.body().path("tools").get(1).path("function");
      assertThat(declared.path("name").asText()).isEqualTo("score_transaction");
      assertThat(names(declared.path("parameters").path("properties")))
          .containsExactly(
              "user_id", "amount", "merchant_id", "merchant_category", "country", "device_id");
    }
  }

  @Test
  void openAiBlocking_and_ollamaStreaming_bothAnswer() {
    try (FakeOpenAiServer openai = new FakeOpenAiServer();
        FakeOllamaServer ollama = new FakeOllamaServer()) {
      openai.script(req -> score(risky), answerFromScore());
      ollama.script(req -> score(risky), answerFromScore());
      Answer a =
          agent(openai, Provider.OPENAI, false, ConversationLog.none())
              .ask(new Question("Is user " + risky + " risky?"));
      Answer b =
          agent(ollama, Provider.OLLAMA, true, ConversationLog.none())
              .ask(new Question("Is user " + risky + " risky?"));
      assertThat(a.grounded()).isTrue();
      assertThat(b.grounded()).isTrue();
      assertThat(a.verdict()).isEqualTo(Verdict.RISKY);
      assertThat(b.verdict()).isEqualTo(Verdict.RISKY);
      assertThat(b.answer()).isEqualTo(a.answer());
      assertThat(openai.requests().get(0).body().path("stream").asBoolean(false)).isFalse();
      assertThat(ollama.requests().get(0).body().path("stream").asBoolean()).isTrue();
      assertThat(a.model()).isEqualTo("openai:gpt-4o-mini");
    }
  }

  @Test
  void onlineFeaturesAndDailyRisk_inOneTurn_areGroundedWhenQuoted() throws Exception {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.script(
          req ->
              Reply.calls(
                  new FakeLlmServer.Call(
                      "get_online_features",
                      "{\"service\": \"user_txn_windows\", \"entity_id\": \"" + safe + "\"}"),
                  new FakeLlmServer.Call(
                      "get_daily_risk",
                      "{\"from\": \"2026-01-10\", \"to\": \"2026-01-10\", \"category\":"
                          + " \"electronics\"}")),
          req -> {
            List<JsonNode> r = FakeLlmServer.toolResults(req);
            JsonNode f = r.get(0).path("features").path("user_txn_windows:amount_sum_30d");
            JsonNode day = r.get(1).path("rows").get(0);
            return Reply.text(
                String.format(
                    Locale.ROOT,
                    "User %d spent %,.2f over 30 days (value %s, %d seconds old). On 2026-01-10"
                        + " electronics had a fraud rate of %.1f%%.",
                    safe,
                    f.path("value").asDouble(),
                    f.path("status").asText(),
                    f.path("age_seconds").asLong(),
                    day.path("fraud_rate").asDouble() * 100));
          });
      Answer a = ollama(fake).ask(new Question("How much did user " + safe + " spend lately?"));
      assertThat(a.ungrounded()).isEmpty();
      assertThat(a.grounded()).isTrue();
      assertThat(a.verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(a.toolCalls())
          .extracting(c -> c.tool())
          .containsExactly("get_online_features", "get_daily_risk");
    }
  }

  @Test
  void modelDown_isUnavailable_namingTheUrlAndHowToConfigure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AgentSettings s = AgentSettings.defaults().withUrl(URI.create("http://127.0.0.1:" + port));
    RiskAgent agent = Agents.create(s, repo.backends, ConversationLog.none());
    assertThatThrownBy(() -> agent.ask(new Question("Is user 1 risky?")))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
        .hasMessage(
            "the language model at http://127.0.0.1:"
                + port
                + " (ollama, model llama3.1) is not reachable (connection refused); start one"
                + " (e.g. ollama serve && ollama pull llama3.1) or configure another in the agent"
                + " section of kairos.yaml (agent: {provider: ollama|openai, url: ..., model: ...,"
                + " api_key: ${ENV_VAR}})");
  }

  @Test
  void slowModel_timesOut_withinTheConfiguredBound() {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      fake.replies(Reply.text("late").after(Duration.ofSeconds(4)));
      AgentSettings s =
          AgentSettings.defaults().withUrl(fake.url()).withTimeout(Duration.ofMillis(700));
      RiskAgent agent = Agents.create(s, repo.backends, ConversationLog.none());
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> agent.ask(new Question("Is user 1 risky?")))
          .isInstanceOfSatisfying(
              KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
          .hasMessage(
              "the language model at "
                  + fake.url()
                  + " (ollama, model llama3.1) did not answer within 700 ms; raise agent.timeout"
                  + " in kairos.yaml or use a smaller model");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3000));
    }
  }

  @Test
  void conversationLog_getsOneLinePerQuestion_withToolCallsVerdictAndGrounding_butNoKey()
      throws Exception {
    Path file = tmp.resolve("data/agent/conversations.jsonl");
    try (FakeOpenAiServer fake = new FakeOpenAiServer()) {
      fake.script(req -> score(safe), answerFromScore());
      fake.replies(Reply.call("nope", "{}"), Reply.call("nope", "{}"), Reply.call("nope", "{}"));
      RiskAgent agent =
          agent(fake, Provider.OPENAI, true, new ConversationLog(file, repo.fs.clock()));
      agent.ask(new Question("Is user " + safe + " risky?"));
      assertThatThrownBy(() -> agent.ask(new Question("Is user 2 risky?")))
          .isInstanceOf(KairosException.class);
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode ok = FakeLlmServer.JSON.readTree(lines.get(0));
    assertThat(ok.path("time").asText()).isEqualTo(repo.now.toString());
    assertThat(ok.path("model").asText()).isEqualTo("openai:gpt-4o-mini");
    assertThat(ok.path("grounded").asBoolean()).isTrue();
    assertThat(ok.path("verdict").asText()).isEqualTo("NOT_RISKY");
    assertThat(ok.path("tool_calls").get(0).path("tool").asText()).isEqualTo("score_transaction");
    assertThat(ok.path("tool_calls").get(0).path("result").path("decision").asText())
        .isEqualTo("NOT_RISKY");
    JsonNode failed = FakeLlmServer.JSON.readTree(lines.get(1));
    assertThat(failed.path("error").asText())
        .startsWith("the model keeps producing invalid tool calls (3");
    assertThat(failed.path("tool_calls")).hasSize(3);
    assertThat(Files.readString(file)).doesNotContain("sk-test-secret");
  }

  static List<String> roles(JsonNode request) {
    List<String> out = new ArrayList<>();
    request.path("messages").forEach(m -> out.add(m.path("role").asText()));
    return out;
  }

  static List<String> toolNames(JsonNode request) {
    List<String> out = new ArrayList<>();
    request.path("tools").forEach(t -> out.add(t.path("function").path("name").asText()));
    return out;
  }

  static JsonNode tool(JsonNode request, String name) {
    for (JsonNode t : request.path("tools")) {
      if (t.path("function").path("name").asText().equals(name)) {
        return t.path("function");
      }
    }
    throw new AssertionError("no tool " + name);
  }

  static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
