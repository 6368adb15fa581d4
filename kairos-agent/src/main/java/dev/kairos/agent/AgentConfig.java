package dev.kairos.agent;

import dev.kairos.agent.AgentSettings.Provider;
import dev.kairos.api.KairosException;
import dev.kairos.core.config.RepoConfig;
import dev.kairos.core.definitions.Pos;
import dev.kairos.core.definitions.Problems;
import dev.kairos.core.definitions.YamlMap;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code agent} section of {@code kairos.yaml} (the rest of the file is read and
 * validated by {@link RepoConfig}); problems throw a {@code DefinitionsException} naming the line.
 * Unknown keys are rejected with the list of valid ones; values may use {@code ${ENV_VAR}} and
 * {@code ${ENV_VAR:-default}}.
 */
public final class AgentConfig {
  static final List<String> KEYS =
      List.of("provider", "url", "model", "api_key", "timeout", "stream", "scoring_model");
  private static final Pattern VAR =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  private AgentConfig() {}

  /** The section of {@code repoDir/kairos.yaml}, or empty when it has none. */
  public static Optional<AgentSettings> load(Path repoDir, Map<String, String> env) {
    Path file = repoDir.resolve(RepoConfig.FILE);
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), env);
    } catch (IOException e) {
      throw KairosException.user("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The {@code agent} section of a {@code kairos.yaml} text, or empty when it has none. */
  public static Optional<AgentSettings> parse(String yaml, Map<String, String> env) {
    Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    Problems problems = new Problems();
    Optional<YamlMap> top =
        root == null ? Optional.empty() : YamlMap.open(RepoConfig.FILE, root, "", null, problems);
    Optional<Node> section = top.flatMap(t -> t.node("agent"));
    if (section.isEmpty()) {
      return Optional.empty();
    }
    AgentSettings s =
        YamlMap.open(RepoConfig.FILE, section.get(), "agent", KEYS, problems)
            .map(m -> read(m, env, problems))
            .orElse(null);
    problems.throwIfAny();
    return Optional.ofNullable(s);
  }

  private static AgentSettings read(YamlMap m, Map<String, String> env, Problems problems) {
    AgentSettings d = AgentSettings.defaults();
    Provider provider = Provider.OLLAMA;
    String p = text(m, "provider", env, problems);
    if (p != null) {
      try {
        provider = Provider.valueOf(p.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(m.pos("provider"), "agent provider must be ollama or openai, not '" + p + "'");
        return null;
      }
    }
    String u = text(m, "url", env, problems);
    URI url = d.url();
    if (u != null) {
      try {
        url = new URI(u.trim().replaceAll("/+$", ""));
      } catch (URISyntaxException e) {
        url = null;
      }
      if (url == null
          || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        problems.add(
            m.pos("url"),
            "agent url must be an http(s) URL such as " + d.url() + ", not '" + u + "'");
        return null;
      }
    } else if (provider == Provider.OPENAI) {
      problems.add(
          m.pos(), "agent url is required with provider openai, e.g. url: https://api.openai.com");
      return null;
    }
    String model = Optional.ofNullable(text(m, "model", env, problems)).orElse(d.model());
    String key = text(m, "api_key", env, problems);
    Duration timeout = d.timeout();
    String t = text(m, "timeout", env, problems);
    if (t != null) {
      Matcher dm = DURATION.matcher(t.trim());
      if (!dm.matches() || Long.parseLong(dm.group(1)) == 0) {
        problems.add(
            m.pos("timeout"),
            "agent timeout must be a positive duration such as 500ms, 30s or 2m, not '" + t + "'");
        return null;
      }
      long n = Long.parseLong(dm.group(1));
      timeout =
          switch (dm.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
          };
    }
    String st = text(m, "stream", env, problems);
    boolean stream = false;
    if (st != null) {
      if (!st.equals("true") && !st.equals("false")) {
        problems.add(m.pos("stream"), "agent stream must be true or false, not '" + st + "'");
        return null;
      }
      stream = Boolean.parseBoolean(st);
    }
    String scoring =
        Optional.ofNullable(text(m, "scoring_model", env, problems)).orElse(d.scoringModel());
    return problems.isEmpty()
        ? new AgentSettings(provider, url, model, key, timeout, stream, scoring)
        : null;
  }

  private static String text(YamlMap m, String key, Map<String, String> env, Problems problems) {
    if (!m.has(key)) {
      return null;
    }
    String raw = m.text(key);
    if (raw == null) {
      return null;
    }
    Pos pos = m.pos(key);
    Matcher v = VAR.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (v.find()) {
      String value = env.get(v.group(1));
      if (value == null) {
        value = v.group(2);
      }
      if (value == null) {
        problems.add(
            pos,
            "environment variable "
                + v.group(1)
                + " is not set; set it, or give a default as ${"
                + v.group(1)
                + ":-default}");
        value = "";
      }
      v.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    v.appendTail(out);
    String s = out.toString();
    return s.isEmpty() ? null : s;
  }
}
