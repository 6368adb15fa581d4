package dev.kairos.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What a store receives besides its own options.
 *
 * @param project the project name; stores namespace their tables/keys by it so several projects
 *     share one server
 * @param repoDir the feature repository folder; relative paths in options resolve against it
 * @param clock the clock to use instead of reading system time
 */
public record StoreContext(String project, Path repoDir, Clock clock) {
  public StoreContext {
    requireNonNull(project, "project");
    requireNonNull(repoDir, "repoDir");
    requireNonNull(clock, "clock");
  }

  /** Resolves a path option against the repository folder. */
  public Path resolve(Path path) {
    return path.isAbsolute() ? path : repoDir.resolve(path).normalize();
  }
}
