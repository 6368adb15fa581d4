package dev.kairos.core.online;

import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.OnlineStoreFactory;
import dev.kairos.spi.Plugins;
import dev.kairos.spi.StoreConfig;
import dev.kairos.spi.StoreContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Real online stores for tests of the online path, opened as a repository would open them. */
final class OnlineStores {
  private OnlineStores() {}

  /** Redis at {@code KAIROS_REDIS_URL}, by default the CI machine's 127.0.0.1:6379. */
  static final String REDIS_URL =
      System.getenv().getOrDefault("KAIROS_REDIS_URL", "redis://127.0.0.1:6379/0");

  static OnlineStore open(String type, String project, Map<String, Object> options, Clock clock) {
    OnlineStoreFactory factory = Plugins.find(OnlineStoreFactory.class, type, "test");
    StoreConfig config = StoreConfig.validate("test", options, factory.options());
    return factory.create(config, new StoreContext(project, Path.of("."), clock));
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
