package dev.kairos.bench.agent;

import dev.kairos.agent.AgentBackends;
import dev.kairos.agent.AgentSettings;
import dev.kairos.agent.Agents;
import dev.kairos.agent.ConversationLog;
import dev.kairos.agent.internal.ModelClient;
import dev.kairos.api.agent.Answer;
import dev.kairos.api.agent.Question;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.bench.BenchSupport;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.core.online.ProgressListener;
import dev.kairos.ml.Models;
import dev.kairos.ml.serve.ModelScorer;
import dev.kairos.ml.train.TrainRequest;
import dev.kairos.ml.train.Trainer;
import dev.kairos.testkit.llm.FakeLlmServer;
import dev.kairos.testkit.llm.FakeLlmServer.Reply;
import dev.kairos.testkit.llm.FakeOllamaServer;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The agent's overhead per question, inference excluded: a fake Ollama server on loopback answers
 * at once (first a {@code score_transaction} call, then an answer quoting the score), so what is
 * measured is Kairos' part of {@code kairos ask}: two HTTP round trips through LangChain4j, the
 * tool-argument check, the user's latest transaction from the offline store, the champion's score
 * with SHAP values, the grounding check. The baseline, measured in the same run and alternated, is
 * {@code Predictor.predict} with the same transaction and explanation, what {@code POST
 * /v1/predict/fraud} runs.
 *
 * <p>usage: AgentBench [--users 1000] [--days 14] [--questions 300] [--work DIR]
 */
public final class AgentBench {
  public static void main(String[] argv) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, String> a =
        BenchSupport.args(
            argv, Map.of("users", "1000", "days", "14", "questions", "300", "work", ""));
    int users = Integer.parseInt(a.get("users"));
    int days = Integer.parseInt(a.get("days"));
    int questions = Integer.parseInt(a.get("questions"));
    Path work =
        a.get("work").isEmpty()
            ? Files.createTempDirectory("kairos-agent-bench")
            : Path.of(a.get("work"));
    Path repo = work.resolve("repo");
    RepoTemplate.write(repo);
    Path tx = work.resolve("tx.csv");
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    GeneratorOutput.write(new GeneratorConfig(users, days, 7, start), tx);
    Instant now = start.plusSeconds(86_400L * days);
    try (FeatureStore fs = FeatureStore.open(repo, Clock.fixed(now, ZoneOffset.UTC), Map.of())) {
      fs.apply(false);
      fs.ingest("transactions", tx);
      Models models = Models.of(fs);
      Trainer.Result t =
          models
              .trainer()
              .train(
                  new TrainRequest(
                      "fraud_detection_v1", tx, "is_fraud", "fraud", null, null, null, List.of()));
      models.registry().promote("fraud", t.version().version(), "champion");
      fs.materialize(start, now, List.of(), ProgressListener.NONE);
      OnlineServingEngine engine = fs.onlineReader();
      // As in the server: the current definitions held in memory, not re-read per call.
      dev.kairos.api.Definitions defs = fs.definitions();
      try (ModelScorer scorer =
              new ModelScorer(models.registry(), () -> engine, () -> defs, fs.clock(), 1000);
          FakeOllamaServer fake = new FakeOllamaServer()) {
        scorer.refresh();
        AgentBackends backends = Agents.backends(fs, () -> defs, () -> engine, scorer);
        RiskAgent agent =
            Agents.create(
                AgentSettings.defaults().withUrl(fake.url()).withTimeout(Duration.ofSeconds(10)),
                backends,
                ConversationLog.none());
        System.out.printf("# agent benchmark: %s%n", BenchSupport.machine());
        System.out.printf(
            Locale.ROOT,
            "data: %d users x %d days (%,d rows); %d questions, alternated with direct predictions%n",
            users,
            days,
            Files.lines(tx).count() - 1,
            questions);
        run(agent, fake, backends, scorer, users, 50, false);
        run(agent, fake, backends, scorer, users, questions, true);
        parts(fake, backends, users, questions);
      }
    }
  }

  private static void run(
      RiskAgent agent,
      FakeOllamaServer fake,
      AgentBackends backends,
      ModelScorer scorer,
      int users,
      int n,
      boolean report) {
    SplittableRandom rnd = new SplittableRandom(11);
    long[] asked = new long[n];
    long[] direct = new long[n];
    int grounded = 0;
    for (int i = 0; i < n; i++) {
      long user = 1 + rnd.nextInt(users);
      fake.script(
          req -> Reply.call("score_transaction", "{\"user_id\": " + user + "}"),
          req -> {
            var r = FakeLlmServer.toolResults(req).get(0);
            return Reply.text(
                String.format(
                    Locale.ROOT,
                    "User %d: probability %.4f, threshold %.4f, decision %s.",
                    user,
                    r.path("probability").asDouble(),
                    r.path("threshold").asDouble(),
                    r.path("decision").asText()));
          });
      long t0 = System.nanoTime();
      Answer ans = agent.ask(new Question("Is user " + user + " risky?"));
      asked[i] = System.nanoTime() - t0;
      grounded += ans.grounded() ? 1 : 0;

      Map<String, Object> txn = backends.latest().latest(user).orElseThrow();
      Map<String, List<Object>> entities = new LinkedHashMap<>();
      for (String k : List.of("user_id", "merchant_id", "device_id")) {
        entities.put(k, new ArrayList<>(List.of(txn.get(k))));
      }
      Map<String, List<Object>> request = new LinkedHashMap<>();
      for (String k : List.of("amount", "country", "merchant_category")) {
        request.put(k, new ArrayList<>(List.of(txn.get(k))));
      }
      long t1 = System.nanoTime();
      scorer.predict(new PredictQuery("fraud", null, entities, request, true, 3));
      direct[i] = System.nanoTime() - t1;
    }
    if (!report) {
      return;
    }
    Arrays.sort(asked);
    Arrays.sort(direct);
    System.out.printf(
        Locale.ROOT,
        "agent question (fake model answering at once): p50 %.3f ms, p99 %.3f ms; %d of %d grounded%n",
        pct(asked, 0.5),
        pct(asked, 0.99),
        grounded,
        n);
    System.out.printf(
        Locale.ROOT,
        "Predictor.predict (same transaction, explained): p50 %.3f ms, p99 %.3f ms%n",
        pct(direct, 0.5),
        pct(direct, 0.99));
    System.out.printf(
        Locale.ROOT,
        "ratio agent / predictor: p50 %.1fx, p99 %.1fx; agent overhead at p50 %.3f ms%n",
        pct(asked, 0.5) / pct(direct, 0.5),
        pct(asked, 0.99) / pct(direct, 0.99),
        pct(asked, 0.5) - pct(direct, 0.5));
  }

  /** Where the time goes: one model round trip, one latest-transaction read. */
  private static void parts(FakeOllamaServer fake, AgentBackends backends, int users, int n) {
    ModelClient client =
        new ModelClient(
            AgentSettings.defaults().withUrl(fake.url()).withTimeout(Duration.ofSeconds(10)));
    SplittableRandom rnd = new SplittableRandom(12);
    long[] trip = new long[n];
    long[] latest = new long[n];
    for (int i = 0; i < n; i++) {
      fake.replies(Reply.text("ok"));
      long t0 = System.nanoTime();
      client.chat(List.of(UserMessage.from("hi")), List.of());
      trip[i] = System.nanoTime() - t0;
      long t1 = System.nanoTime();
      backends.latest().latest((long) (1 + rnd.nextInt(users)));
      latest[i] = System.nanoTime() - t1;
    }
    Arrays.sort(trip);
    Arrays.sort(latest);
    System.out.printf(
        Locale.ROOT,
        "parts: one model round trip (LangChain4j + loopback HTTP to the fake) p50 %.3f ms, p99 %.3f ms;"
            + " latest transaction (offline store SQL) p50 %.3f ms, p99 %.3f ms%n",
        pct(trip, 0.5),
        pct(trip, 0.99),
        pct(latest, 0.5),
        pct(latest, 0.99));
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }
}
