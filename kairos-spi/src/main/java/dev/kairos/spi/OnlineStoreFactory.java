package dev.kairos.spi;

/** Creates {@link OnlineStore}s of one type; registered in {@code META-INF/services}. */
public interface OnlineStoreFactory extends PluginFactory {
  /** Opens a store; fails UNAVAILABLE when it cannot be reached. */
  OnlineStore create(StoreConfig config, StoreContext context);
}
