package dev.kairos.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes commit to one registry folder at once; the OS file lock keeps them apart. */
class FileRegistryStoreProcessTest {
  static final int COMMITS = 100;
  @TempDir Path tmp;

  @Test
  void commitsFromTwoProcesses_neverInterleave_andLeaveNoGaps() throws Exception {
    Path dir = tmp.resolve("registry");
    FileRegistryStore store = FileRegistryStore.open(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CommitLoop.class.getName(),
                dir.toString(),
                "child",
                String.valueOf(COMMITS))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    // Start once the child is committing, so both processes really race.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (store.latest().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    CommitLoop.run(store, "parent", COMMITS);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();

    List<RegistryVersion> history = store.history();
    assertThat(history)
        .extracting(RegistryVersion::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 2 * COMMITS).boxed().toList());
    List<String> expected = new ArrayList<>();
    IntStream.range(0, COMMITS).forEach(i -> expected.addAll(List.of("parent-" + i, "child-" + i)));
    assertThat(history)
        .extracting(RegistryVersion::content)
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
