package dev.kairos.ml.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.api.KairosException;
import dev.kairos.ml.runs.RunJson;
import dev.kairos.spi.RegistryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Model versions and aliases, kept in the registry store next to the definitions, so a feature
 * server sharing the registry (a folder or PostgreSQL) sees promotions without a restart.
 *
 * <ul>
 *   <li>namespace {@value #VERSIONS}: {@code <model>/<version, 10 digits>} → the {@link
 *       ModelVersion}; versions are numbered with {@link RegistryStore#putIfAbsent}, so two
 *       trainings registering at once get different numbers;
 *   <li>namespace {@code model-<run id>}: key {@value #TREES_KEY} → the XGBoost model (its JSON
 *       form), written before the version that points to it;
 *   <li>namespace {@value #ALIASES}: {@code <model>@<alias>} → {@code {"version": n, "at": ...}}.
 * </ul>
 */
public final class ModelRegistry {
  public static final String VERSIONS = "models";
  public static final String ALIASES = "model-aliases";
  public static final String TREES_KEY = "xgboost.json";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

  private final RegistryStore store;
  private final Clock clock;

  public ModelRegistry(RegistryStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Checks a model or alias name.
   *
   * @throws KairosException USER naming the rule
   */
  public static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw KairosException.user(
          what
              + " '"
              + name
              + "' is not a valid name; use a letter, then letters, digits, '_' or '-' (at most 64)");
    }
    return name;
  }

  /**
   * Registers a new version of {@code draft.model()} with the next free number; {@code
   * draft.version()} is ignored.
   */
  public ModelVersion register(ModelVersion draft, byte[] modelJson) {
    checkName("model", draft.model());
    store.put(
        treesNamespace(draft.runId()), TREES_KEY, new String(modelJson, StandardCharsets.UTF_8));
    long next =
        versions(draft.model()).stream().mapToLong(ModelVersion::version).max().orElse(0) + 1;
    while (true) {
      ModelVersion v =
          new ModelVersion(
              draft.model(),
              next,
              draft.runId(),
              clock.instant(),
              draft.service(),
              draft.registryVersion(),
              draft.inputs(),
              draft.threshold(),
              draft.thresholdRule(),
              draft.treeLimit(),
              draft.mlflowVersion());
      if (store.putIfAbsent(VERSIONS, key(draft.model(), next), ModelJson.write(v))) {
        return v;
      }
      next++;
    }
  }

  /** Replaces the stored record of an existing version (e.g. to note its MLflow version). */
  public void update(ModelVersion v) {
    require(v.model(), v.version());
    store.put(VERSIONS, key(v.model(), v.version()), ModelJson.write(v));
  }

  /** Every model name with at least one version, sorted. */
  public List<String> models() {
    return store.list(VERSIONS).keySet().stream()
        .map(k -> k.substring(0, k.indexOf('/')))
        .distinct()
        .toList();
  }

  /** The versions of a model, oldest first. */
  public List<ModelVersion> versions(String model) {
    List<ModelVersion> out = new ArrayList<>();
    store
        .list(VERSIONS)
        .forEach(
            (k, v) -> {
              if (k.startsWith(model + "/")) {
                out.add(ModelJson.read(v));
              }
            });
    return out;
  }

  /**
   * One version.
   *
   * @throws KairosException NOT_FOUND naming the model and its versions
   */
  public ModelVersion require(String model, long version) {
    Optional<String> json = store.get(VERSIONS, key(model, version));
    if (json.isPresent()) {
      return ModelJson.read(json.get());
    }
    List<ModelVersion> all = versions(model);
    if (all.isEmpty()) {
      throw KairosException.notFound(
          "no model named '"
              + model
              + "'"
              + known()
              + "; train one: kairos train --model "
              + model
              + " ...");
    }
    throw KairosException.notFound(
        "model '"
            + model
            + "' has no version "
            + version
            + "; its versions are "
            + all.stream().map(v -> Long.toString(v.version())).toList());
  }

  /** The XGBoost model of a version. */
  public byte[] trees(ModelVersion v) {
    return store
        .get(treesNamespace(v.runId()), TREES_KEY)
        .map(s -> s.getBytes(StandardCharsets.UTF_8))
        .orElseThrow(
            () ->
                KairosException.internal(
                    "the trees of model "
                        + v.model()
                        + " version "
                        + v.version()
                        + " are missing from the registry store (run "
                        + v.runId()
                        + ")",
                    null));
  }

  /**
   * Points {@code alias} of {@code model} at {@code version} (moving it if it pointed elsewhere).
   *
   * @return the version it pointed to before, if any
   */
  public Optional<Long> promote(String model, long version, String alias) {
    checkName("alias", alias);
    require(model, version);
    Optional<Long> before = alias(model, alias);
    store.put(
        ALIASES,
        model + "@" + alias,
        RunJson.MAPPER
            .createObjectNode()
            .put("version", version)
            .put("at", clock.instant().toString())
            .toString());
    return before;
  }

  /** The version an alias points to. */
  public Optional<Long> alias(String model, String alias) {
    return store.get(ALIASES, model + "@" + alias).map(ModelRegistry::versionOf);
  }

  /** Every alias of every model: {@code model@alias} → version, sorted. */
  public Map<String, Long> aliases() {
    Map<String, Long> out = new TreeMap<>();
    store.list(ALIASES).forEach((k, v) -> out.put(k, versionOf(v)));
    return out;
  }

  /** The aliases of one model: alias → version. */
  public Map<String, Long> aliases(String model) {
    Map<String, Long> out = new LinkedHashMap<>();
    aliases()
        .forEach(
            (k, v) -> {
              if (k.startsWith(model + "@")) {
                out.put(k.substring(model.length() + 1), v);
              }
            });
    return out;
  }

  private String known() {
    List<String> names = models();
    return names.isEmpty()
        ? " (none is registered yet)"
        : " (registered: " + String.join(", ", names) + ")";
  }

  private static long versionOf(String json) {
    try {
      JsonNode n = RunJson.MAPPER.readTree(json);
      return n.get("version").asLong();
    } catch (Exception e) {
      throw KairosException.internal("a stored model alias is unreadable: " + json, e);
    }
  }

  private static String key(String model, long version) {
    return model + "/" + String.format("%010d", version);
  }

  static String treesNamespace(String runId) {
    return "model-" + runId;
  }
}
