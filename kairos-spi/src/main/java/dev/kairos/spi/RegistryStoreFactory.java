package dev.kairos.spi;

/** Creates {@link RegistryStore}s of one type; registered in {@code META-INF/services}. */
public interface RegistryStoreFactory extends PluginFactory {
  /** Opens a store; fails UNAVAILABLE when it cannot be reached. */
  RegistryStore create(StoreConfig config, StoreContext context);
}
