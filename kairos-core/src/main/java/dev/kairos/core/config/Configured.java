package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import dev.kairos.spi.PluginFactory;
import dev.kairos.spi.StoreConfig;

/** A plugin factory found for a {@link PluginSection} and the section's validated options. */
public record Configured<F extends PluginFactory>(F factory, StoreConfig config) {
  public Configured {
    requireNonNull(factory, "factory");
    requireNonNull(config, "config");
  }
}
