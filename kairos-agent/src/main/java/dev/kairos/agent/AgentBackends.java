package dev.kairos.agent;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.analytics.AnalyticsReader;
import dev.kairos.api.predict.Predictor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the agent's tools read, all read-only. {@link Agents#backends} builds them for a repository.
 *
 * @param definitions the applied definitions
 * @param online the online read path
 * @param predictor scores with the champion model
 * @param latest a user's latest transaction, for scoring without one given
 * @param analytics the analytics views, or null when the repository has none
 * @param quality validation runs of a source
 * @param documents retrieval over the repository's knowledge
 * @param clock "now"
 */
public record AgentBackends(
    Supplier<Definitions> definitions,
    Supplier<OnlineFeatureReader> online,
    Predictor predictor,
    LatestActivity latest,
    AnalyticsReader analytics,
    QualityHistory quality,
    DocumentIndex documents,
    Clock clock) {
  public AgentBackends {
    requireNonNull(definitions, "definitions");
    requireNonNull(online, "online");
    requireNonNull(predictor, "predictor");
    requireNonNull(latest, "latest");
    requireNonNull(quality, "quality");
    requireNonNull(documents, "documents");
    requireNonNull(clock, "clock");
  }

  /** A user's most recent transaction in the transaction log. */
  @FunctionalInterface
  public interface LatestActivity {
    /**
     * @param userId the user's id
     * @return the transaction's columns by name (join keys, request fields, event_timestamp), or
     *     empty when the user has none
     */
    Optional<Map<String, Object>> latest(Object userId);
  }

  /** Recorded validation runs of a source. */
  @FunctionalInterface
  public interface QualityHistory {
    /**
     * @return the JSON reports of the latest {@code limit} runs, newest first
     */
    List<String> runs(String source, int limit);
  }
}
