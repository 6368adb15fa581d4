package dev.kairos.core.registry;

import dev.kairos.spi.ConfigOption;
import dev.kairos.spi.RegistryStore;
import dev.kairos.spi.RegistryStoreFactory;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.nio.file.Path;
import java.util.Set;

/** {@code registry: {type: file, path: data/registry}}: the embedded default registry. */
public final class FileRegistryStoreFactory implements RegistryStoreFactory {
  public static final ConfigOption<Path> PATH =
      ConfigOption.optional(
          "path",
          Path.class,
          Path.of("data/registry"),
          "the registry folder, relative to the repository");

  @Override
  public String type() {
    return "file";
  }

  @Override
  public Set<ConfigOption<?>> options() {
    return Set.of(PATH);
  }

  @Override
  public RegistryStore create(StoreConfig config, StoreContext context) {
    return FileRegistryStore.open(context.resolve(config.get(PATH)));
  }
}
