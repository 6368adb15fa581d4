package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * One configuration key of a plugin, declared once: key, type, default, validation rule, doc and
 * whether it is a secret (secrets are never printed).
 *
 * @param defaultValue null when the option is required
 * @param rule a description of {@code validator} for error messages, e.g. "a positive integer"
 */
public record ConfigOption<T>(
    String key,
    Class<T> type,
    T defaultValue,
    Predicate<T> validator,
    String rule,
    String doc,
    boolean secret) {
  public ConfigOption {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(validator, "validator");
    requireNonNull(rule, "rule");
    requireNonNull(doc, "doc");
  }

  public static <T> ConfigOption<T> optional(String key, Class<T> type, T dflt, String doc) {
    return new ConfigOption<>(
        key, type, dflt, v -> true, "any " + type.getSimpleName(), doc, false);
  }

  public static <T> ConfigOption<T> required(String key, Class<T> type, String doc) {
    return new ConfigOption<>(
        key, type, null, v -> true, "any " + type.getSimpleName(), doc, false);
  }

  public ConfigOption<T> withRule(Predicate<T> newValidator, String newRule) {
    return new ConfigOption<>(key, type, defaultValue, newValidator, newRule, doc, secret);
  }

  public ConfigOption<T> asSecret() {
    return new ConfigOption<>(key, type, defaultValue, validator, rule, doc, true);
  }

  public boolean isRequired() {
    return defaultValue == null;
  }
}
