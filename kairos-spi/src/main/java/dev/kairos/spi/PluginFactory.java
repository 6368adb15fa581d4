package dev.kairos.spi;

import java.util.Set;

/**
 * What every store factory shares. Factories are found with {@link java.util.ServiceLoader}; the
 * {@code type} in {@code kairos.yaml} selects one.
 */
public interface PluginFactory {
  /** The {@code type:} value that selects this plugin, e.g. {@code duckdb}. */
  String type();

  /** Every option this plugin accepts; any other key is rejected. */
  Set<ConfigOption<?>> options();
}
