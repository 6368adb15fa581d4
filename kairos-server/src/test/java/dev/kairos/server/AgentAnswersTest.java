package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.ToolCall;
import dev.kairos.api.agent.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentAnswersTest {
  @Test
  void json_hasEveryField_embedsJsonResults_andKeepsOtherResultsAsText() {
    Answer a =
        new Answer(
            "User 1001 is risky: score 0.91.",
            true,
            false,
            Verdict.RISKY,
            List.of(
                new ToolCall(
                    "score_transaction",
                    Map.of("user_id", 1001, "amount", 12.5),
                    "{\"score\":0.91,\"decision\":\"block\"}"),
                new ToolCall("lookup_definition", Map.of("name", "x"), "not json: <x>"),
                new ToolCall("lookup_definition", Map.of("name", "y"), " ")),
            List.of("an invented 42"),
            2,
            "ollama:llama3.1");

    ObjectNode n = AgentAnswers.json(a);

    assertThat(n.fieldNames())
        .toIterable()
        .containsExactly(
            "answer",
            "grounded",
            "refused",
            "verdict",
            "tool_calls",
            "ungrounded",
            "attempts",
            "model");
    assertThat(n.get("answer").asText()).isEqualTo("User 1001 is risky: score 0.91.");
    assertThat(n.get("grounded").asBoolean()).isTrue();
    assertThat(n.get("refused").asBoolean()).isFalse();
    assertThat(n.get("verdict").asText()).isEqualTo("RISKY");
    assertThat(n.get("tool_calls")).hasSize(3);
    assertThat(n.get("tool_calls").get(0).get("tool").asText()).isEqualTo("score_transaction");
    assertThat(n.get("tool_calls").get(0).get("arguments").get("user_id").asInt()).isEqualTo(1001);
    assertThat(n.get("tool_calls").get(0).get("arguments").get("amount").asDouble())
        .isEqualTo(12.5);
    assertThat(n.get("tool_calls").get(0).get("result").get("score").asDouble()).isEqualTo(0.91);
    assertThat(n.get("tool_calls").get(1).get("result").isTextual()).isTrue();
    assertThat(n.get("tool_calls").get(1).get("result").asText()).isEqualTo("not json: <x>");
    assertThat(n.get("tool_calls").get(2).get("result").asText()).isEqualTo(" ");
    assertThat(n.get("ungrounded").get(0).asText()).isEqualTo("an invented 42");
    assertThat(n.get("attempts").asInt()).isEqualTo(2);
    assertThat(n.get("model").asText()).isEqualTo("ollama:llama3.1");
  }
}
