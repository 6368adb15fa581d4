package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.testkit.llm.FakeLlmServer;
import dev.kairos.testkit.llm.FakeLlmServer.Reply;
import dev.kairos.testkit.llm.FakeOllamaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kairos demo}, the README's first command, end to end through the packaged CLI on the
 * embedded stores (a smaller population than the default), with a language model that speaks
 * Ollama's protocol so the agent step runs too.
 */
class DemoIT {
  @TempDir Path dir;

  /** The user id of the question in a chat request ("Is user N risky?"). */
  static long askedUser(JsonNode request) {
    Matcher m =
        Pattern.compile("Is user (\\d+) risky\\?")
            .matcher(request.path("messages").get(1).path("content").asText());
    assertThat(m.find()).as("question in %s", request).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void demo_runsEveryStep_endsWithAGroundedAgentAndASkewCheckWithoutMismatches() throws Exception {
    try (FakeOllamaServer fake = new FakeOllamaServer()) {
      FakeLlmServer.Turn score =
          req -> Reply.call("score_transaction", "{\"user_id\": " + askedUser(req) + "}");
      fake.script(score, AgentCliIT.answerFromScore(), score, AgentCliIT.answerFromScore());

      KairosProcess.Result r =
          KairosProcess.run(
              dir,
              Map.of("KAIROS_AGENT_URL", fake.url().toString(), "KAIROS_AGENT_MODEL", "llama3.1"),
              600,
              "demo",
              "--dir",
              "repo",
              "--users",
              "400",
              "--days",
              "14");

      assertThat(r.exitCode()).as("%s", r).isZero();
      assertNoStackTrace(r);
      List<Integer> steps = new ArrayList<>();
      Matcher step = Pattern.compile("(?m)^== (\\d+)\\. ").matcher(r.stdout());
      while (step.find()) {
        steps.add(Integer.parseInt(step.group(1)));
      }
      assertThat(steps).hasSize(17).isSorted().startsWith(1).endsWith(17);
      String out = r.stdout();
      assertThat(out)
          .contains("rejected")
          .contains("300 of 300 fraud_detection_v1 requests answered")
          .contains("server stopped cleanly")
          .containsPattern("the risk agent answered 2 questions, 2 grounded")
          .containsPattern(
              "\\n  [1-9][\\d,]* logged rows recomputed through point-in-time retrieval: 0 with a"
                  + " mismatch, 0 late, over 30 features")
          .containsPattern(
              "skew check of fraud_detection_v1: [1-9][\\d,]* logged rows, 0 mismatches");
      assertThat(fake.requests()).hasSize(4);
      assertThat(Files.exists(dir.resolve("repo/data/agent/conversations.jsonl"))).isTrue();
    }
  }
}
