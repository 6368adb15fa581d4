package dev.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.agent.DocumentIndex.Hit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retrieval over the template repository's own knowledge (definitions, its validation suite, the
 * model card of its training run, docs/): for questions about its features the right passage comes
 * first.
 */
class RetrievalIT {
  static DocumentIndex index;

  @BeforeAll
  static void index() throws Exception {
    AgentRepo repo = AgentRepo.get();
    Path docs = repo.dir.resolve("docs");
    Files.createDirectories(docs);
    Files.writeString(
        docs.resolve("runbook.md"),
        "# Runbook\n\n## Rotating the Redis password\nUpdate KAIROS_REDIS_URL and restart"
            + " kairos serve.\n\n## Backfilling a day\nRe-ingest the file, then run kairos"
            + " materialize for that day.\n");
    index = DocumentIndex.of(Agents.knowledge(repo.fs));
  }

  static String first(String question) {
    List<Hit> hits = index.search(question, 3);
    return hits.get(0).document().title();
  }

  @Test
  void theRightPassageComesFirst_forQuestionsAboutTheTemplatesFeatures() {
    Map<String, String> expected =
        Map.of(
            "How many card holders used the same device?", "feature view device_windows",
            "Which features does the fraud detection model consume?",
                "feature service fraud_detection_v1",
            "Is the transaction being scored at night or in a foreign country?",
                "request-time view txn_request",
            "How much traffic did the merchant have in the last hour?",
                "feature view merchant_windows",
            "What checks reject a bad batch of transactions?", "validation suite transactions.json",
            "What are the precision and recall of the trained fraud model?", "model card of run ",
            "How do I change the Redis password?", "docs/runbook.md Rotating the Redis password");
    Map<String, String> actual = new java.util.TreeMap<>();
    expected
        .keySet()
        .forEach(
            q ->
                actual.put(
                    q, first(q).replaceFirst("^model card of run .*", "model card of run ")));
    assertThat(actual).isEqualTo(new java.util.TreeMap<>(expected));
  }

  @Test
  void everyKindOfKnowledgeIsIndexed() {
    assertThat(index.documents().stream().map(d -> d.title().split(" ")[0]).distinct())
        .contains(
            "entity",
            "source",
            "feature",
            "request-time",
            "validation",
            "model",
            "docs/runbook.md");
  }
}
