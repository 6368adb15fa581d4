package dev.kairos.cli.commands;

import dev.kairos.agent.AgentSettings;
import dev.kairos.agent.Agents;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.agent.ToolCall;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.ml.Models;
import dev.kairos.ml.serve.ModelScorer;
import dev.kairos.server.AgentAnswers;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kairos ask}: a question for the risk agent. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Asks the risk agent: a language model (agent: in kairos.yaml; default Ollama on"
          + " 127.0.0.1:11434 with llama3.1) that must call Kairos' read-only tools (online"
          + " features, the champion's score, documentation, data quality, daily risk).",
      "Every number, date and id of the answer is checked against the tool results; an answer"
          + " that cannot be verified is replaced by Kairos' refusal. The verdict comes from the"
          + " champion model's decision. Conversations are appended to"
          + " data/agent/conversations.jsonl.",
      "Exit 0 with an answer (grounded or refused), 2 for a bad question, 3 when no model"
          + " answers."
    })
public final class AskCommand implements Callable<Integer> {
  @Parameters(paramLabel = "QUESTION", description = "e.g. \"Is user 1001 risky?\"")
  String question;

  @Option(names = "--trace", description = "Also print the tool calls and the grounding check.")
  boolean trace;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}; json is POST /v1/agent/ask's answer).")
  Format format;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    Question q = new Question(question);
    try (FeatureStore fs = Repos.open(repo)) {
      AgentSettings settings = Agents.settings(fs).orElse(AgentSettings.defaults());
      OnlineServingEngine engine = fs.onlineReader();
      dev.kairos.api.Definitions defs = fs.definitions();
      try (ModelScorer scorer =
          new ModelScorer(
              Models.of(fs).registry(),
              () -> engine,
              () -> defs,
              fs.clock(),
              fs.config().server().maxEntities())) {
        scorer.refresh();
        RiskAgent agent =
            Agents.create(
                settings, Agents.backends(fs, () -> defs, () -> engine, scorer), Agents.log(fs));
        Answer a = agent.ask(q);
        PrintStream out = System.out;
        if (format == Format.json) {
          out.println(Repos.json(AgentAnswers.json(a)));
        } else {
          if (trace) {
            trace(a, out);
          }
          out.println(a.answer());
          out.printf(
              "%n(verdict %s from the champion's decision; %s; %d attempt%s; %s)%n",
              a.verdict(),
              a.grounded() ? "grounded" : "refused: the model's answer could not be verified",
              a.attempts(),
              a.attempts() == 1 ? "" : "s",
              a.model());
        }
      }
    }
    return 0;
  }

  /** Prints the tool calls, the grounding check and the verdict. */
  public static void trace(Answer a, PrintStream out) {
    for (ToolCall c : a.toolCalls()) {
      out.printf("tool %s %s%n", c.tool(), Repos.JSON.valueToTree(c.arguments()));
      String r = c.result();
      out.printf("  -> %s%n", r.length() > 400 ? r.substring(0, 400) + "..." : r);
    }
    if (a.toolCalls().isEmpty()) {
      out.println("tool calls: none");
    }
    if (a.grounded()) {
      out.printf("grounding: passed (attempt %d)%n", a.attempts());
    } else {
      out.printf("grounding: failed after %d attempts; ungrounded statements:%n", a.attempts());
      a.ungrounded().forEach(u -> out.printf("  - %s%n", u));
    }
    out.printf("verdict: %s%n%n", a.verdict());
  }
}
