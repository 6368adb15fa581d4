package dev.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.agent.AgentSettings.Provider;
import dev.kairos.core.definitions.DefinitionsException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  static final String TOP = "project: fraud\n";

  @Test
  void parse_withoutASection_isEmpty() {
    assertThat(AgentConfig.parse(TOP, Map.of())).isEmpty();
  }

  @Test
  void parse_emptySection_takesTheDefaults_ollamaLlama31OnTheDefaultPort() {
    AgentSettings s = AgentConfig.parse(TOP + "agent: {}\n", Map.of()).orElseThrow();
    assertThat(s).isEqualTo(AgentSettings.defaults());
    assertThat(s.describe()).isEqualTo("ollama:llama3.1@http://127.0.0.1:11434");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void parse_readsEveryKey_withEnvironmentVariables_andMasksTheKey() {
    AgentSettings s =
        AgentConfig.parse(
                TOP
                    + "agent:\n  provider: openai\n  url: ${LLM_URL}/\n  model: gpt-4o-mini\n"
                    + "  api_key: ${OPENAI_API_KEY}\n  timeout: 1500ms\n  stream: true\n"
                    + "  scoring_model: fraud_v2\n",
                Map.of("LLM_URL", "https://llm.example.com", "OPENAI_API_KEY", "sk-secret-1"))
            .orElseThrow();
    assertThat(s.provider()).isEqualTo(Provider.OPENAI);
    assertThat(s.url()).isEqualTo(URI.create("https://llm.example.com"));
    assertThat(s.apiKey()).isEqualTo("sk-secret-1");
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.stream()).isTrue();
    assertThat(s.scoringModel()).isEqualTo("fraud_v2");
    assertThat(s.toString()).doesNotContain("sk-secret-1").contains("apiKey=****");
    assertThat(s.describe()).doesNotContain("sk-secret-1");
  }

  @Test
  void parse_rejectsUnknownKeysAndBadValues_namingTheLine() {
    assertThatThrownBy(() -> AgentConfig.parse(TOP + "agent:\n  modle: x\n", Map.of()))
        .isInstanceOf(DefinitionsException.class)
        .hasMessageContaining("kairos.yaml:3")
        .hasMessageContaining("modle");
    assertThatThrownBy(() -> AgentConfig.parse(TOP + "agent:\n  timeout: soon\n", Map.of()))
        .hasMessageContaining(
            "agent timeout must be a positive duration such as 500ms, 30s or 2m, not 'soon'");
    assertThatThrownBy(() -> AgentConfig.parse(TOP + "agent:\n  url: ftp://x\n", Map.of()))
        .hasMessageContaining(
            "agent url must be an http(s) URL such as http://127.0.0.1:11434, not 'ftp://x'");
    assertThatThrownBy(() -> AgentConfig.parse(TOP + "agent:\n  provider: openai\n", Map.of()))
        .hasMessageContaining("agent url is required with provider openai");
    assertThatThrownBy(() -> AgentConfig.parse(TOP + "agent:\n  api_key: ${NOPE}\n", Map.of()))
        .hasMessageContaining("environment variable NOPE is not set");
  }
}
