package dev.kairos.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSpecTest {
  static final ToolSpec SCORE = KairosTools.spec("score_transaction").orElseThrow();
  static final ToolSpec RISK = KairosTools.spec("get_daily_risk").orElseThrow();

  @Test
  void specification_declaresEveryArgument_withTypesRequiredAndNoExtras() {
    JsonObjectSchema p = (JsonObjectSchema) SCORE.specification().parameters();
    assertThat(p.properties().keySet())
        .containsExactly(
            "user_id", "amount", "merchant_id", "merchant_category", "country", "device_id");
    assertThat(p.required()).containsExactly("user_id");
    assertThat(p.additionalProperties()).isFalse();
    assertThat(KairosTools.SPECS.stream().map(ToolSpec::name))
        .containsExactly(
            "get_online_features",
            "score_transaction",
            "search_documentation",
            "get_quality_history",
            "get_daily_risk");
  }

  @Test
  void parse_acceptsDeclaredArguments_andNumbersWrittenAsText() {
    assertThat(SCORE.parse("{\"user_id\": 1001, \"amount\": 12.5, \"country\": \"DE\"}"))
        .isEqualTo(Map.of("user_id", 1001L, "amount", 12.5, "country", "DE"));
    assertThat(SCORE.parse("{\"user_id\": \"1001\", \"amount\": \"7\", \"device_id\": null}"))
        .isEqualTo(Map.of("user_id", 1001L, "amount", 7.0));
    assertThat(SCORE.parse("{\"user_id\": 1001.0}")).isEqualTo(Map.of("user_id", 1001L));
  }

  @Test
  void parse_rejectsWhatLangChain4jWouldPassOnAsNull() {
    assertThatThrownBy(() -> SCORE.parse("{\"userId\": 1001}"))
        .hasMessage(
            "score_transaction has no argument 'userId'; its arguments are [user_id, amount,"
                + " merchant_id, merchant_category, country, device_id]");
    assertThatThrownBy(() -> SCORE.parse("{}"))
        .hasMessage("score_transaction needs the argument 'user_id' (the card holder's id)");
    assertThatThrownBy(() -> SCORE.parse("{\"user_id\": \"abc\"}"))
        .hasMessage("argument 'user_id' of score_transaction must be integer, not \"abc\"");
    assertThatThrownBy(() -> SCORE.parse("{\"user_id\": 1.5}"))
        .hasMessage("argument 'user_id' of score_transaction must be integer, not 1.5");
    assertThatThrownBy(() -> RISK.parse("{\"from\": {\"day\": 1}, \"to\": \"2026-01-02\"}"))
        .hasMessage("argument 'from' of get_daily_risk must be string, not {\"day\":1}");
    assertThatThrownBy(() -> SCORE.parse("[1001]"))
        .hasMessage(
            "the arguments of score_transaction must be a JSON object like {\"user_id\": 1,"
                + " \"amount\": 1, \"merchant_id\": 1, \"merchant_category\": \"...\","
                + " \"country\": \"...\", \"device_id\": \"...\"}");
    assertThatThrownBy(() -> SCORE.parse("{\"user_id\": 10"))
        .hasMessageStartingWith("the arguments of score_transaction are not valid JSON (")
        .hasMessageEndingWith("): {\"user_id\": 10");
  }

  @Test
  void everyTool_requiresItsRequiredArguments() {
    for (ToolSpec s : KairosTools.SPECS) {
      List<String> required =
          s.params().stream().filter(ToolSpec.Param::required).map(ToolSpec.Param::name).toList();
      assertThat(required).as(s.name()).isNotEmpty();
      assertThatThrownBy(() -> s.parse("{}"))
          .as(s.name())
          .hasMessageStartingWith(s.name() + " needs the argument '" + required.get(0) + "'");
    }
  }
}
