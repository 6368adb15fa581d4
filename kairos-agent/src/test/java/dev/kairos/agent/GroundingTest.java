package dev.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.api.agent.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String Q = "Is user 1001 risky?";

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static final JsonNode SCORE =
      json(
          "{\"user_id\":1001,\"probability\":0.012345,\"threshold\":0.4321,\"decision\":\"NOT_RISKY\","
              + "\"top_contributions\":[{\"feature\":\"user_txn_windows:amount_sum_30d\",\"shap\":-0.4189}],"
              + "\"transaction\":{\"amount\":1234.5,\"event_timestamp\":\"2026-01-14T13:13:26Z\",\"device_id\":\"dev-00042\"}}");

  static List<String> check(String answer, Verdict... decisions) {
    return Grounding.check(answer, Q, List.of(SCORE), List.of(decisions)).ungrounded();
  }

  @Test
  void numbers_matchAfterRoundingToTheDecimalsWritten() {
    assertThat(check("Probability 0.0123, 0.01, 0.012345 and 0.0")).isEmpty();
    assertThat(check("Probability 0.0124"))
        .containsExactly("the number 0.0124 appears in no tool result");
    assertThat(check("threshold 0.43 and amount 1,234.50 and 1234.5 and 1,235")).isEmpty();
  }

  @Test
  void percentages_matchFractionsTimes100_orTheValueItself() {
    assertThat(check("a 1.2% probability, threshold 43.21%")).isEmpty();
    assertThat(check("a 1.3% probability"))
        .containsExactly("the number 1.3% appears in no tool result");
  }

  @Test
  void unsignedNumber_matchesANegativeContributionsMagnitude_butASignedOneMustMatchItsSign() {
    assertThat(check("it lowered the score by 0.42")).isEmpty();
    assertThat(check("contribution -0.42")).isEmpty();
    assertThat(check("contribution -0.0123"))
        .containsExactly("the number -0.0123 appears in no tool result");
  }

  @Test
  void datesTimesAndIdentifiers_mustAppearVerbatim() {
    assertThat(check("On 2026-01-14 at 13:13 from device dev-00042 (amount_sum_30d, 30 days)"))
        .isEmpty();
    assertThat(check("On 2026-01-15 at 09:30 from device dev-00043"))
        .containsExactly(
            "the date 2026-01-15 appears in no tool result",
            "the time 09:30 appears in no tool result",
            "the identifier dev-00043 appears in no tool result");
  }

  @Test
  void questionNumbers_andListMarkers_areNotClaims() {
    assertThat(check("1. User 1001 has probability 0.01\n2. threshold 0.43")).isEmpty();
  }

  @Test
  void verdictClaims_mustAgreeWithTheChampionsDecision() {
    assertThat(check("User 1001 is not risky.", Verdict.NOT_RISKY)).isEmpty();
    assertThat(check("User 1001 is safe and legitimate.", Verdict.NOT_RISKY)).isEmpty();
    assertThat(check("User 1001 is risky.", Verdict.NOT_RISKY))
        .containsExactly("\"risky\" contradicts the champion model's decision (NOT_RISKY)");
    assertThat(check("User 1001 looks fraudulent.", Verdict.NOT_RISKY))
        .containsExactly("\"fraudulent\" contradicts the champion model's decision (NOT_RISKY)");
    assertThat(check("User 1001 is safe.", Verdict.RISKY))
        .containsExactly("\"safe\" contradicts the champion model's decision (RISKY)");
    assertThat(check("User 1001 is not risky."))
        .containsExactly("\"is not risky\" without a score from the champion model");
  }

  @Test
  void aQuestionAboutAUser_withoutAnyToolResult_isUngrounded() {
    assertThat(Grounding.check("I cannot tell.", Q, List.of(), List.of()).ungrounded())
        .containsExactly(
            "the question is about a specific entity but no tool was called to look it up");
    assertThat(
            Grounding.check("Kairos serves features.", "What is Kairos?", List.of(), List.of())
                .grounded())
        .isTrue();
  }
}
