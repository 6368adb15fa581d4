package dev.kairos.agent;

import dev.kairos.agent.internal.KairosRiskAgent;
import dev.kairos.agent.internal.KairosTools;
import dev.kairos.agent.internal.ModelClient;
import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsTables;
import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.Source;
import dev.kairos.api.agent.RiskAgent;
import dev.kairos.api.predict.Predictor;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.config.AnalyticsSettings;
import dev.kairos.ml.Models;
import dev.kairos.ml.runs.Run;
import dev.kairos.quality.QualityGate;
import dev.kairos.spi.SqlAccess;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Builds the risk agent and what its tools read. */
public final class Agents {
  private Agents() {}

  /**
   * An agent speaking to the configured model over the given backends.
   *
   * @param log where conversations are appended ({@link ConversationLog#none()} for nowhere)
   */
  public static RiskAgent create(
      AgentSettings settings, AgentBackends backends, ConversationLog log) {
    return new KairosRiskAgent(
        new ModelClient(settings),
        new KairosTools(backends, settings.scoringModel()),
        log,
        settings.provider().id() + ":" + settings.model());
  }

  /** The repository's {@code agent} section, or empty when {@code kairos.yaml} has none. */
  public static Optional<AgentSettings> settings(FeatureStore fs) {
    return AgentConfig.load(fs.config().repoDir(), System.getenv());
  }

  /** The repository's conversation log, {@value ConversationLog#PATH}. */
  public static ConversationLog log(FeatureStore fs) {
    return new ConversationLog(fs.config().repoDir().resolve(ConversationLog.PATH), fs.clock());
  }

  /**
   * The backends of a repository: its definitions, the given online reader and predictor, the
   * transaction log for latest activity, analytics when configured, the registry's validation runs,
   * and an index over definitions, suites, model cards and {@code docs/}.
   */
  public static AgentBackends backends(
      FeatureStore fs, Supplier<OnlineFeatureReader> online, Predictor predictor) {
    return backends(fs, fs::definitions, online, predictor);
  }

  /**
   * The same, with the definitions from {@code definitions} (a server's current version, instead of
   * reading the registry on every tool call).
   */
  public static AgentBackends backends(
      FeatureStore fs,
      Supplier<Definitions> definitions,
      Supplier<OnlineFeatureReader> online,
      Predictor predictor) {
    return new AgentBackends(
        definitions,
        online,
        predictor,
        latestActivity(fs),
        fs.config().analytics() == null ? null : new AnalyticsTables(() -> Analytics.of(fs)),
        qualityHistory(fs),
        index(fs),
        fs.clock());
  }

  /** An index of the repository's knowledge, embedded on first use. */
  public static DocumentIndex index(FeatureStore fs) {
    return DocumentIndex.lazy(() -> knowledge(fs));
  }

  /** The repository's knowledge: definitions, suites, model cards and {@code docs/*.md}. */
  public static List<DocumentIndex.Document> knowledge(FeatureStore fs) {
    Path repo = fs.config().repoDir();
    List<DocumentIndex.Document> docs = new ArrayList<>();
    docs.addAll(RepoKnowledge.definitions(fs.definitions()));
    docs.addAll(RepoKnowledge.suites(repo));
    List<Run> runs;
    try {
      runs = Models.of(fs).runs().list();
    } catch (KairosException e) {
      runs = List.of();
    }
    docs.addAll(RepoKnowledge.modelCards(runs.subList(0, Math.min(runs.size(), 20))));
    docs.addAll(RepoKnowledge.docs(repo.resolve("docs")));
    return docs;
  }

  /** Validation runs recorded in the registry by the quality gate, newest first. */
  public static AgentBackends.QualityHistory qualityHistory(FeatureStore fs) {
    return (source, limit) -> {
      Map<String, String> all =
          new TreeMap<>(fs.registryStore().list(QualityGate.REGISTRY_NAMESPACE));
      List<String> out = new ArrayList<>();
      for (String key : ((TreeMap<String, String>) all).descendingKeySet()) {
        if (key.startsWith(source + "/") && out.size() < limit) {
          out.add(all.get(key));
        }
      }
      return out;
    };
  }

  /**
   * A user's latest row of the transaction log: the analytics section's source and user column,
   * else source {@code transactions} keyed by {@code user_id}.
   */
  public static AgentBackends.LatestActivity latestActivity(FeatureStore fs) {
    AnalyticsSettings a = fs.config().analytics();
    String sourceName = a == null ? "transactions" : a.source();
    String userColumn = a == null ? "user_id" : a.user();
    return userId -> {
      Source source =
          fs.definitions()
              .source(sourceName)
              .orElseThrow(
                  () ->
                      KairosException.notFound(
                          "no source '" + sourceName + "' for latest activity"));
      SqlAccess sql =
          fs.offlineStore()
              .sql()
              .orElseThrow(
                  () -> KairosException.unavailable("the offline store does not speak SQL", null));
      String query =
          "SELECT * FROM "
              + sql.table(source)
              + " WHERE "
              + sql.quote(userColumn)
              + " = ? ORDER BY "
              + sql.quote(source.timestampField())
              + " DESC LIMIT 1";
      try {
        return sql.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setObject(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return Optional.<Map<String, Object>>empty();
                  }
                  ResultSetMetaData md = rs.getMetaData();
                  Map<String, Object> row = new LinkedHashMap<>();
                  for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Timestamp t) {
                      v = t.toInstant().toString();
                    } else if (v instanceof java.time.temporal.TemporalAccessor t) {
                      v = t.toString();
                    } else if (v instanceof Integer n) {
                      v = n.longValue();
                    } else if (v instanceof Float f) {
                      v = f.doubleValue();
                    }
                    row.put(md.getColumnName(i), v);
                  }
                  return Optional.of(row);
                }
              }
            });
      } catch (SQLException e) {
        throw KairosException.unavailable(
            "cannot read the latest transaction of user " + userId + ": " + e.getMessage(), e);
      }
    };
  }

  /** The system clock, for callers without a repository. */
  static Clock clock() {
    return Clock.systemUTC();
  }
}
