package dev.kairos.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spi.RegistryStore;
import dev.kairos.testkit.RegistryStoreContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryStoreTest extends RegistryStoreContractTest {
  @TempDir Path tmp;

  @Override
  protected RegistryStore createStore() {
    return FileRegistryStore.open(tmp.resolve("registry"));
  }

  @Override
  protected RegistryStore openAgain() {
    return FileRegistryStore.open(tmp.resolve("registry"));
  }

  @Test
  void versions_areNumberedFiles_andNoTemporaryFileIsLeft() throws Exception {
    RegistryStore s = createStore();
    s.commit(0, "a", "first", T0);
    s.commit(1, "b", "second", T0);
    s.put("watermarks", "v", "1");
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> tmp.relativize(p).toString()).sorted())
          .containsExactly(
              "registry/metadata/watermarks.json",
              "registry/registry.lock",
              "registry/versions/v000001.json",
              "registry/versions/v000002.json");
    }
  }
}
