package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.definitions.DefinitionError;
import dev.kairos.core.definitions.DefinitionsException;
import dev.kairos.core.definitions.Pos;
import dev.kairos.core.definitions.Problems;
import dev.kairos.core.definitions.YamlMap;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The settings of a feature repository, read from its {@code kairos.yaml}. Every value may use
 * {@code ${ENV_VAR}} or {@code ${ENV_VAR:-default}}. Absent sections take their defaults: a file
 * registry in {@code data/registry}, DuckDB in {@code data/offline.duckdb}, RocksDB in {@code
 * data/online}, port 6566. Relative paths stay as written; stores resolve them with {@link
 * dev.kairos.spi.StoreContext#resolve}.
 *
 * @param repoDir the repository folder (absolute, normalized)
 * @param project the project name: lower-case letters, digits and underscores
 * @param analytics the {@code analytics} section, or null when the file has none
 */
public record RepoConfig(
    Path repoDir,
    String project,
    PluginSection registry,
    PluginSection offlineStore,
    PluginSection onlineStore,
    ServerSettings server,
    KafkaSettings kafka,
    TrackingSettings tracking,
    AnalyticsSettings analytics) {
  /** The configuration file name. */
  public static final String FILE = "kairos.yaml";

  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<String> KEYS =
      List.of(
          "project",
          "registry",
          "offline_store",
          "online_store",
          "server",
          "kafka",
          "tracking",
          "analytics",
          "agent");
  private static final List<String> TRACKING_KEYS =
      List.of("artifacts", "mlflow_uri", "mlflow_token");
  private static final List<String> KAFKA_KEYS =
      List.of("bootstrap_servers", "group_id", "properties");
  private static final List<String> SERVER_KEYS = List.of("port", "max_entities", "ui");

  public RepoConfig {
    requireNonNull(repoDir, "repoDir");
    requireNonNull(project, "project");
    requireNonNull(registry, "registry");
    requireNonNull(offlineStore, "offlineStore");
    requireNonNull(onlineStore, "onlineStore");
    requireNonNull(server, "server");
    requireNonNull(kafka, "kafka");
    requireNonNull(tracking, "tracking");
  }

  /** Settings without {@code tracking} and {@code analytics} sections. */
  public RepoConfig(
      Path repoDir,
      String project,
      PluginSection registry,
      PluginSection offlineStore,
      PluginSection onlineStore,
      ServerSettings server,
      KafkaSettings kafka) {
    this(
        repoDir,
        project,
        registry,
        offlineStore,
        onlineStore,
        server,
        kafka,
        TrackingSettings.defaults(repoDir),
        null);
  }

  /** Settings without a {@code kafka} section. */
  public RepoConfig(
      Path repoDir,
      String project,
      PluginSection registry,
      PluginSection offlineStore,
      PluginSection onlineStore,
      ServerSettings server) {
    this(
        repoDir,
        project,
        registry,
        offlineStore,
        onlineStore,
        server,
        KafkaSettings.defaults(project));
  }

  /** Reads {@code repoDir/kairos.yaml} with the process environment. */
  public static RepoConfig load(Path repoDir) {
    return load(repoDir, System.getenv());
  }

  /**
   * Reads {@code repoDir/kairos.yaml}.
   *
   * @param env the variables {@code ${...}} refers to
   * @throws KairosException USER when the file is missing; a {@link DefinitionsException} listing
   *     every problem in it (unknown keys, unset variables, bad values) with line and column
   */
  public static RepoConfig load(Path repoDir, Map<String, String> env) {
    Path dir = repoDir.toAbsolutePath().normalize();
    String text;
    try {
      text = Files.readString(dir.resolve(FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KairosException(
          ErrorKind.USER,
          "no "
              + FILE
              + " in "
              + dir
              + "; this is not a feature repository. Run kairos init "
              + dir
              + " to create one, or point to the right folder",
          e);
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
    return parse(dir, text, env);
  }

  /** Parses the text of a {@code kairos.yaml} that belongs to {@code repoDir}. */
  public static RepoConfig parse(Path repoDir, String text, Map<String, String> env) {
    Problems problems = new Problems();
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      problems.add(
          Pos.of(FILE, e.getProblemMark()),
          "invalid YAML: " + e.getProblem() + "; check the indentation and quoting here");
      throw new DefinitionsException(problems.errors(), e);
    } catch (YAMLException e) {
      throw new DefinitionsException(
          List.of(new DefinitionError(FILE, 1, 1, "invalid YAML: " + e.getMessage())), e);
    }
    if (root == null || YamlMap.isNull(root)) {
      root = new Yaml().compose(new StringReader("{}"));
    }
    Reader reader = new Reader(new EnvSubstitution(env, problems), problems);
    RepoConfig config =
        YamlMap.open(FILE, root, FILE, KEYS, problems)
            .map(m -> reader.read(repoDir, m))
            .orElse(null);
    problems.throwIfAny();
    return config;
  }

  /** Reads the sections of an opened top-level mapping. */
  private record Reader(EnvSubstitution env, Problems problems) {
    RepoConfig read(Path repoDir, YamlMap top) {
      String project =
          env.apply(
              top.requiredText("project", "the project name, e.g. fraud"), top.pos("project"));
      if (project != null && !PROJECT.matcher(project).matches()) {
        problems.add(
            top.pos("project"),
            "invalid project name '"
                + project
                + "'; use lower-case letters, digits and underscores, starting with a letter");
      }
      PluginSection registry = section(top, "registry", "file", "data/registry");
      PluginSection offline = section(top, "offline_store", "duckdb", "data/offline.duckdb");
      PluginSection online = section(top, "online_store", "rocksdb", "data/online");
      ServerSettings server = server(top);
      KafkaSettings kafka = kafka(top, project == null ? "kairos" : project);
      TrackingSettings tracking = tracking(repoDir, top);
      AnalyticsSettings analytics =
          top.node("analytics")
              .flatMap(n -> YamlMap.open(FILE, n, "analytics", AnalyticsSettings.KEYS, problems))
              .map(m -> AnalyticsSettings.read(m, env, problems))
              .orElse(null);
      if (!problems.isEmpty()) {
        return null;
      }
      return new RepoConfig(
          repoDir, project, registry, offline, online, server, kafka, tracking, analytics);
    }

    private PluginSection section(YamlMap top, String key, String type, String path) {
      if (!top.has(key)) {
        return new PluginSection(type, Map.of("path", path), FILE + " (default) " + key);
      }
      Pos at = top.pos(key);
      String where = at + " " + key;
      Node node = top.node(key).orElseThrow();
      if (!(node instanceof MappingNode)) {
        problems.add(
            at,
            key
                + " must be a mapping like {type: "
                + type
                + ", path: "
                + path
                + "}, not "
                + YamlMap.kind(node));
        return null;
      }
      // Keys other than type belong to the plugin, which validates them against its options.
      YamlMap m = YamlMap.open(FILE, node, key, List.copyOf(keysOf(node)), problems).orElseThrow();
      String t = env.apply(m.requiredText("type", "the plugin, e.g. " + type), m.pos("type"));
      Map<String, Object> options = new LinkedHashMap<>();
      m.values()
          .forEach(
              (k, v) -> {
                if (!k.equals("type")) {
                  String raw = m.scalar(v, "option '" + k + "' of " + key);
                  if (raw != null) {
                    options.put(k, env.apply(raw, Pos.of(FILE, v)));
                  }
                }
              });
      return t == null ? null : new PluginSection(t, options, where);
    }

    private static List<String> keysOf(Node node) {
      return ((MappingNode) node)
          .getValue().stream()
              .map(t -> t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "")
              .toList();
    }

    private ServerSettings server(YamlMap top) {
      if (!top.has("server")) {
        return ServerSettings.defaults();
      }
      return YamlMap.open(FILE, top.node("server").orElseThrow(), "server", SERVER_KEYS, problems)
          .map(
              m -> {
                Integer port = integer(m, "port", ServerSettings.DEFAULT_PORT, 0, 65535);
                Integer max =
                    integer(
                        m,
                        "max_entities",
                        ServerSettings.DEFAULT_MAX_ENTITIES,
                        1,
                        Integer.MAX_VALUE);
                Boolean ui = m.bool("ui", true);
                return port == null || max == null || ui == null
                    ? null
                    : new ServerSettings(port, max, ui);
              })
          .orElse(null);
    }

    private TrackingSettings tracking(Path repoDir, YamlMap top) {
      if (!top.has("tracking")) {
        return TrackingSettings.defaults(repoDir);
      }
      return YamlMap.open(
              FILE, top.node("tracking").orElseThrow(), "tracking", TRACKING_KEYS, problems)
          .map(
              m -> {
                String dir =
                    m.has("artifacts")
                        ? env.apply(m.text("artifacts"), m.pos("artifacts"))
                        : TrackingSettings.DEFAULT_ARTIFACTS;
                java.net.URI uri = null;
                if (m.has("mlflow_uri")) {
                  String raw = env.apply(m.text("mlflow_uri"), m.pos("mlflow_uri"));
                  if (raw != null && !raw.isEmpty()) {
                    try {
                      uri = new java.net.URI(raw);
                    } catch (java.net.URISyntaxException e) {
                      uri = null;
                    }
                    if (uri == null
                        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getHost() == null) {
                      problems.add(
                          m.pos("mlflow_uri"),
                          "tracking mlflow_uri must be an http(s) URL such as"
                              + " http://127.0.0.1:5000, not '"
                              + raw
                              + "'");
                      return null;
                    }
                  }
                }
                String token =
                    m.has("mlflow_token")
                        ? env.apply(m.text("mlflow_token"), m.pos("mlflow_token"))
                        : null;
                return dir == null
                    ? null
                    : new TrackingSettings(
                        repoDir.resolve(dir).normalize(),
                        uri,
                        token == null || token.isEmpty() ? null : token);
              })
          .orElse(null);
    }

    private KafkaSettings kafka(YamlMap top, String project) {
      if (!top.has("kafka")) {
        return KafkaSettings.defaults(project);
      }
      return YamlMap.open(FILE, top.node("kafka").orElseThrow(), "kafka", KAFKA_KEYS, problems)
          .map(
              m -> {
                String servers =
                    m.has("bootstrap_servers")
                        ? env.apply(m.text("bootstrap_servers"), m.pos("bootstrap_servers"))
                        : KafkaSettings.DEFAULT_BOOTSTRAP;
                if (servers != null && !servers.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
                  problems.add(
                      m.pos("bootstrap_servers"),
                      "kafka bootstrap_servers must be host:port[,host:port...], not '"
                          + servers
                          + "'");
                  servers = null;
                }
                String group =
                    m.has("group_id")
                        ? env.apply(m.text("group_id"), m.pos("group_id"))
                        : KafkaSettings.defaultGroup(project);
                Map<String, String> props = new LinkedHashMap<>();
                m.node("properties")
                    .flatMap(n -> YamlMap.open(FILE, n, "kafka properties", null, problems))
                    .ifPresent(
                        p ->
                            p.values()
                                .forEach(
                                    (k, v) -> {
                                      String raw = p.scalar(v, "kafka property '" + k + "'");
                                      if (raw != null) {
                                        props.put(k, env.apply(raw, Pos.of(FILE, v)));
                                      }
                                    }));
                return servers == null || group == null
                    ? null
                    : new KafkaSettings(servers, group, props);
              })
          .orElse(null);
    }

    private Integer integer(YamlMap m, String key, int dflt, int min, int max) {
      String t = env.apply(m.text(key), m.pos(key));
      if (t == null) {
        return m.has(key) ? null : dflt;
      }
      try {
        int v = Integer.parseInt(t.trim());
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below with the allowed range
      }
      problems.add(
          m.pos(key),
          "server "
              + key
              + " must be a whole number from "
              + min
              + " to "
              + max
              + ", not '"
              + t
              + "'");
      return null;
    }
  }
}
