package dev.kairos.ml.runs;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local record of runs: each run's JSON in the registry store (namespace {@value #NAMESPACE},
 * keyed by run id), so runs live wherever the registry does (a folder or PostgreSQL), and their
 * files in {@code <artifact root>/<run id>/}.
 */
public final class RunStore implements RunWriter {
  /** The registry metadata namespace holding runs. */
  public static final String NAMESPACE = "runs";

  private final RegistryStore store;
  private final Path artifactRoot;

  public RunStore(RegistryStore store, Path artifactRoot) {
    this.store = requireNonNull(store, "store");
    this.artifactRoot = requireNonNull(artifactRoot, "artifactRoot");
  }

  /** The folder of one run's files. */
  public Path artifactDir(String runId) {
    return artifactRoot.resolve(runId);
  }

  /** Records the run (any status); a later write of the same id replaces it. */
  public void save(Run run) {
    store.put(NAMESPACE, run.id(), RunJson.write(run));
  }

  @Override
  public void write(Run run, Path artifactDir) {
    save(run);
  }

  @Override
  public String describe() {
    return "the local run store";
  }

  /** Every run, newest first. */
  public List<Run> list() {
    return store.list(NAMESPACE).values().stream()
        .map(RunJson::read)
        .sorted(Comparator.comparing(Run::startTime).reversed().thenComparing(Run::id))
        .toList();
  }

  /**
   * The run whose id is or starts with {@code idOrPrefix}.
   *
   * @throws KairosException NOT_FOUND when none matches; USER when the prefix is ambiguous
   */
  public Run require(String idOrPrefix) {
    Optional<String> exact = store.get(NAMESPACE, idOrPrefix);
    if (exact.isPresent()) {
      return RunJson.read(exact.get());
    }
    if (idOrPrefix.length() < 4) {
      throw KairosException.user(
          "run '" + idOrPrefix + "': give at least 4 characters of a run id (kairos runs list)");
    }
    List<String> matches =
        store.list(NAMESPACE).keySet().stream().filter(k -> k.startsWith(idOrPrefix)).toList();
    if (matches.isEmpty()) {
      throw KairosException.notFound(
          "no run with id '" + idOrPrefix + "'; kairos runs list shows the runs");
    }
    if (matches.size() > 1) {
      throw KairosException.user(
          "run id prefix '"
              + idOrPrefix
              + "' matches "
              + matches.size()
              + " runs ("
              + String.join(", ", matches)
              + "); give more characters");
    }
    return RunJson.read(store.get(NAMESPACE, matches.get(0)).orElseThrow());
  }
}
