package dev.kairos.core.config;

import dev.kairos.core.definitions.Pos;
import dev.kairos.core.definitions.Problems;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values. */
final class EnvSubstitution {
  private static final Pattern VAR =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;
  private final Problems problems;

  EnvSubstitution(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /** The value with every variable replaced; an unset variable without default is reported. */
  String apply(String value, Pos pos) {
    if (value == null) {
      return null;
    }
    Matcher m = VAR.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.get(m.group(1));
      if (replacement == null) {
        replacement = m.group(2);
      }
      if (replacement == null) {
        problems.add(
            pos,
            "environment variable "
                + m.group(1)
                + " is not set; set it, or give a default as ${"
                + m.group(1)
                + ":-default}");
        replacement = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
