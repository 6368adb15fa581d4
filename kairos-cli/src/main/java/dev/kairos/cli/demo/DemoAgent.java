package dev.kairos.cli.demo;

import dev.kairos.agent.AgentSettings;
import dev.kairos.agent.Agents;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.predict.Predictor;
import dev.kairos.cli.commands.AskCommand;
import dev.kairos.core.FeatureStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's last step: asks the risk agent about a fraudulent and a normal user when a language
 * model is configured ({@code KAIROS_AGENT_URL}, with {@code KAIROS_AGENT_PROVIDER}, {@code
 * KAIROS_AGENT_MODEL}, {@code KAIROS_AGENT_API_KEY}) or Ollama answers on its default port;
 * otherwise says in one line how to connect one. It never makes an answer up.
 */
final class DemoAgent {
  private final PrintStream out;

  DemoAgent(PrintStream out) {
    this.out = out;
  }

  /** The model from the environment, or Ollama's default when something listens there. */
  static Optional<AgentSettings> find(Map<String, String> env, URI probe) {
    String url = env.get("KAIROS_AGENT_URL");
    if (url != null && !url.isBlank()) {
      AgentSettings.Provider p =
          AgentSettings.Provider.valueOf(
              env.getOrDefault("KAIROS_AGENT_PROVIDER", "ollama").toUpperCase(Locale.ROOT));
      return Optional.of(
          new AgentSettings(
              p,
              URI.create(url.replaceAll("/+$", "")),
              env.getOrDefault("KAIROS_AGENT_MODEL", AgentSettings.DEFAULT_MODEL),
              env.get("KAIROS_AGENT_API_KEY"),
              AgentSettings.DEFAULT_TIMEOUT,
              false,
              "fraud"));
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(probe.getHost(), probe.getPort()), 300);
      return Optional.of(AgentSettings.defaults().withUrl(probe));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Runs the step; returns the summary line. */
  String run(
      FeatureStore fs,
      Optional<AgentSettings> settings,
      OnlineFeatureReader online,
      Predictor predictor,
      String repoArg,
      long fraudUser,
      long normalUser) {
    String command = "./kairos ask \"Is user " + fraudUser + " risky?\" --trace --repo " + repoArg;
    if (settings.isEmpty()) {
      out.println(
          "  No language model configured (KAIROS_AGENT_URL) or listening on 127.0.0.1:11434:"
              + " start one (ollama serve && ollama pull llama3.1, or add agent: to kairos.yaml)"
              + " and run: "
              + command);
      return "agent step skipped: no language model reachable (run " + command + ")";
    }
    RiskAgent agent =
        Agents.create(settings.get(), Agents.backends(fs, () -> online, predictor), Agents.log(fs));
    out.println("  model: " + settings.get().describe());
    int grounded = 0;
    for (long user : List.of(fraudUser, normalUser)) {
      String q = "Is user " + user + " risky?";
      out.println("  $ ./kairos ask \"" + q + "\" --trace");
      try {
        long t0 = System.nanoTime();
        Answer a = agent.ask(new Question(q));
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        AskCommand.trace(a, new PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        buf.toString(java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .forEach(l -> out.println("    " + l));
        out.println("    " + a.answer().replace("\n", "\n    "));
        out.printf(
            Locale.ROOT,
            "    (%s, verdict %s, %.1f s)%n",
            a.grounded() ? "grounded" : "refused",
            a.verdict(),
            Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0);
        grounded += a.grounded() ? 1 : 0;
      } catch (KairosException e) {
        out.println("    error: " + e.getMessage());
      }
    }
    return "the risk agent answered 2 questions, " + grounded + " grounded (see above)";
  }
}
