package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import dev.kairos.spi.PluginFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One plugin section of {@code kairos.yaml} ({@code registry}, {@code offline_store}, {@code
 * online_store}): the plugin type and its raw options. The plugin validates its own options with
 * {@link dev.kairos.spi.StoreConfig#validate}, using {@link #where()} as the section name.
 *
 * @param type the {@code type:} value, which selects the plugin
 * @param options every other key of the section, with {@code ${ENV}} substituted; values are
 *     strings
 * @param where where the section is written, for messages, e.g. {@code kairos.yaml:7:3
 *     online_store}; {@code kairos.yaml (default) online_store} when the section is absent
 */
public record PluginSection(String type, Map<String, Object> options, String where) {
  public PluginSection {
    requireNonNull(type, "type");
    requireNonNull(where, "where");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Finds the plugin of kind {@code kind} for {@link #type()} and validates {@link #options()}
   * against the options it declares.
   *
   * @throws dev.kairos.api.KairosException USER naming {@link #where()} when the type is unknown
   *     (listing the available ones) or an option is unknown, missing or invalid
   */
  public <F extends PluginFactory> Configured<F> configure(Class<F> kind) {
    F factory = Plugins.find(kind, type, where);
    return new Configured<>(factory, StoreConfig.validate(where, options, factory.options()));
  }
}
