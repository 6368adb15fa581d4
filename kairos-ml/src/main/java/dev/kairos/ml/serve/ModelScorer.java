package dev.kairos.ml.serve;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Definitions;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineFeatureReader;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.predict.Contribution;
import dev.kairos.api.predict.PredictQuery;
import dev.kairos.api.predict.PredictResult;
import dev.kairos.api.predict.Prediction;
import dev.kairos.api.predict.Predictor;
import dev.kairos.api.predict.ServedFeature;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores transactions with the model versions that carry an alias, reading their features through
 * the feature server's own online reader, in the order and with the encoding they were trained
 * with. {@link #refresh()} (called every second by the server) follows promotions: a newly aliased
 * version is loaded completely, then swapped in with one reference write; one that fails to load
 * leaves the previous version serving and is reported by {@link #problems()}.
 *
 * <p>Scores come from {@link dev.kairos.ml.tree.TreeEnsemble}, a walk of the saved trees in Java
 * that agrees with XGBoost's native predictions and SHAP values (tested), without a native call per
 * request.
 */
public final class ModelScorer implements Predictor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelScorer.class);

  private final ModelRegistry registry;
  private final Supplier<OnlineFeatureReader> reader;
  private final Supplier<Definitions> definitions;
  private final Clock clock;
  private final int maxRows;
  private final Map<String, LoadedModel> serving = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private java.util.concurrent.ScheduledExecutorService poller;

  /**
   * @param reader the online reader of the current registry version
   * @param definitions the current registry version's definitions
   * @param maxRows the most rows one request may score
   */
  public ModelScorer(
      ModelRegistry registry,
      Supplier<OnlineFeatureReader> reader,
      Supplier<Definitions> definitions,
      Clock clock,
      int maxRows) {
    this.registry = requireNonNull(registry, "registry");
    this.reader = requireNonNull(reader, "reader");
    this.definitions = requireNonNull(definitions, "definitions");
    this.clock = requireNonNull(clock, "clock");
    this.maxRows = maxRows;
  }

  /** Loads the aliased versions now, then every {@code interval} on a thread of its own. */
  public synchronized ModelScorer start(Duration interval) {
    refresh();
    poller =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kairos-model-reload");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::refresh,
        interval.toMillis(),
        interval.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops following promotions; the loaded versions stay usable. */
  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  /** Loads the versions aliases point to now; a failure keeps the previous version serving. */
  public void refresh() {
    Map<String, Long> aliases;
    try {
      aliases = registry.aliases();
    } catch (RuntimeException e) {
      LOG.warn("reading model aliases failed, the loaded models keep serving: {}", e.getMessage());
      return;
    }
    serving.keySet().removeIf(k -> !aliases.containsKey(k));
    problems.keySet().removeIf(k -> !aliases.containsKey(k));
    aliases.forEach(
        (key, version) -> {
          LoadedModel current = serving.get(key);
          if (current != null && current.version().version() == version) {
            problems.remove(key);
            return;
          }
          String model = key.substring(0, key.indexOf('@'));
          try {
            ModelVersion v = registry.require(model, version);
            LoadedModel loaded = LoadedModel.load(v, registry.trees(v));
            serving.put(key, loaded);
            problems.remove(key);
            LOG.info("serving {} version {}", key, version);
          } catch (RuntimeException e) {
            String why =
                "version "
                    + version
                    + " failed to load: "
                    + e.getMessage()
                    + (current == null
                        ? ""
                        : "; version " + current.version().version() + " keeps serving");
            if (!why.equals(problems.put(key, why))) {
              LOG.warn("{}: {}", key, why);
            }
          }
        });
  }

  @Override
  public Map<String, String> problems() {
    return Collections.unmodifiableMap(new TreeMap<>(problems));
  }

  @Override
  public Map<String, Long> serving() {
    Map<String, Long> out = new TreeMap<>();
    serving.forEach((k, v) -> out.put(k, v.version().version()));
    return out;
  }

  @Override
  public PredictResult predict(PredictQuery q) {
    LoadedModel m = serving.get(q.model() + "@" + q.alias());
    if (m == null) {
      throw notServed(q);
    }
    int rows = q.rowCount();
    if (rows == 0) {
      throw KairosException.user("no entity rows to score: give the join keys in \"entities\"");
    }
    if (rows > maxRows) {
      throw KairosException.user(
          rows + " rows in one request; the most is " + maxRows + " (server.max_entities)");
    }
    Definitions defs = definitions.get();
    OnlineFeatureReader online = reader.get();
    if (defs == null || online == null) {
      throw KairosException.unavailable("the registry is not loaded yet; retry in a second", null);
    }
    m.ensureCompatible(defs);
    Instant now = clock.instant();
    OnlineResult r =
        online.get(new OnlineQuery(m.refs(), null, q.entities(), true, q.requestData()));
    int offset = r.columns().size() - m.encoders().size();
    List<Prediction> out = new ArrayList<>(rows);
    float[] x = new float[m.encoders().size()];
    for (int i = 0; i < rows; i++) {
      out.add(score(m, r, offset, i, now, x, q));
    }
    ModelVersion v = m.version();
    return new PredictResult(v.model(), q.alias(), v.version(), v.runId(), v.threshold(), out);
  }

  private Prediction score(
      LoadedModel m, OnlineResult r, int offset, int row, Instant now, float[] x, PredictQuery q) {
    List<InputSpec> specs = m.version().inputs();
    List<ServedFeature> features = new ArrayList<>(specs.size());
    for (int j = 0; j < specs.size(); j++) {
      OnlineResult.Column c = r.columns().get(offset + j);
      Object value = c.values()[row];
      Instant ts = c.eventTimestamps() == null ? null : c.eventTimestamps()[row];
      FieldStatus status = c.statuses()[row];
      x[j] = m.encoders().get(j).encode(value, now);
      Double age = ts == null ? null : Duration.between(ts, now).toNanos() / 1e9;
      features.add(
          new ServedFeature(m.names().get(j), specs.get(j).type(), value, status, ts, age, x[j]));
    }
    double margin = m.trees().margin(x);
    double p = 1 / (1 + Math.exp(-margin));
    List<Contribution> contributions = List.of();
    double bias = m.trees().bias();
    if (q.explain()) {
      double[] phi = m.trees().contributions(x);
      bias = phi[phi.length - 1];
      List<Contribution> all = new ArrayList<>(specs.size());
      for (int j = 0; j < specs.size(); j++) {
        all.add(new Contribution(m.names().get(j), phi[j]));
      }
      all.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.value())));
      contributions = q.top() == 0 || q.top() >= all.size() ? all : all.subList(0, q.top());
    }
    return new Prediction(p, p >= m.version().threshold(), margin, bias, features, contributions);
  }

  private KairosException notServed(PredictQuery q) {
    String problem = problems.get(q.model() + "@" + q.alias());
    if (problem != null) {
      return KairosException.unavailable(
          "model " + q.model() + "@" + q.alias() + " is not being served: " + problem, null);
    }
    if (registry.versions(q.model()).isEmpty()) {
      return KairosException.notFound(
          "no model named '"
              + q.model()
              + "' is registered; train one: kairos train --model "
              + q.model()
              + " ...");
    }
    return KairosException.notFound(
        "model '"
            + q.model()
            + "' has no version with alias '"
            + q.alias()
            + "'; promote one: kairos models promote "
            + q.model()
            + " VERSION --alias "
            + q.alias());
  }
}
