package dev.kairos.core.registry;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Commits {@code count} versions to a file registry, retrying on conflict. Run in a second JVM by
 * {@link FileRegistryStoreProcessTest} to race another process.
 */
public final class CommitLoop {
  private CommitLoop() {}

  public static void main(String[] args) {
    run(FileRegistryStore.open(Path.of(args[0])), args[1], Integer.parseInt(args[2]));
  }

  static void run(RegistryStore store, String name, int count) {
    for (int i = 0; i < count; i++) {
      while (true) {
        long latest = store.latest().map(RegistryStore.RegistryVersion::version).orElse(0L);
        try {
          store.commit(latest, name + "-" + i, name, Instant.EPOCH);
          break;
        } catch (KairosException e) {
          if (e.kind() != ErrorKind.CONFLICT) {
            throw e;
          }
        }
      }
    }
  }
}
