package dev.kairos.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.agent.AgentSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoAgentTest {
  @Test
  void find_withoutConfiguration_andNothingListening_isEmpty() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(DemoAgent.find(Map.of(), URI.create("http://127.0.0.1:" + port))).isEmpty();
  }

  @Test
  void find_probesTheDefaultPort_orReadsTheEnvironment() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      URI probe = URI.create("http://127.0.0.1:" + s.getLocalPort());
      assertThat(DemoAgent.find(Map.of(), probe)).contains(AgentSettings.defaults().withUrl(probe));
    }
    Optional<AgentSettings> env =
        DemoAgent.find(
            Map.of(
                "KAIROS_AGENT_URL", "http://127.0.0.1:8000/",
                "KAIROS_AGENT_PROVIDER", "openai",
                "KAIROS_AGENT_MODEL", "qwen2.5",
                "KAIROS_AGENT_API_KEY", "sk-x"),
            URI.create("http://127.0.0.1:1"));
    assertThat(env.orElseThrow().describe()).isEqualTo("openai:qwen2.5@http://127.0.0.1:8000");
    assertThat(env.orElseThrow().apiKey()).isEqualTo("sk-x");
  }

  @Test
  void run_withoutAModel_printsOneLineWithTheExactCommand_andAnswersNothing() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String summary =
        new DemoAgent(new PrintStream(buf, true, StandardCharsets.UTF_8))
            .run(null, Optional.empty(), null, null, "demo-repo", 42, 7);
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "  No language model configured (KAIROS_AGENT_URL) or listening on 127.0.0.1:11434:"
                + " start one (ollama serve && ollama pull llama3.1, or add agent: to kairos.yaml)"
                + " and run: ./kairos ask \"Is user 42 risky?\" --trace --repo demo-repo\n");
    assertThat(summary)
        .isEqualTo(
            "agent step skipped: no language model reachable (run ./kairos ask \"Is user 42"
                + " risky?\" --trace --repo demo-repo)");
  }
}
