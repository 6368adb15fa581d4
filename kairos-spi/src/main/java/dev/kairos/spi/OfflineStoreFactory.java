package dev.kairos.spi;

/** Creates {@link OfflineStore}s of one type; registered in {@code META-INF/services}. */
public interface OfflineStoreFactory extends PluginFactory {
  /** Opens a store; fails UNAVAILABLE when it cannot be reached. */
  OfflineStore create(StoreConfig config, StoreContext context);
}
