package dev.kairos.core.init;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository {@code kairos init} creates: a working fraud-detection example whose comments
 * teach the file formats. The files are resources under {@code dev/kairos/core/init/template/}.
 */
public final class RepoTemplate {
  /** Resource name to file written, relative to the new repository. */
  private static final List<String[]> FILES =
      List.of(
          new String[] {"kairos.yaml", "kairos.yaml"},
          new String[] {"gitignore", ".gitignore"},
          new String[] {"features/entities.yaml", "features/entities.yaml"},
          new String[] {"features/transactions.yaml", "features/transactions.yaml"},
          new String[] {"features/views.yaml", "features/views.yaml"},
          new String[] {"features/aggregations.yaml", "features/aggregations.yaml"},
          new String[] {"features/request.yaml", "features/request.yaml"},
          new String[] {"features/services.yaml", "features/services.yaml"},
          new String[] {"suites/transactions.json", "suites/transactions.json"});

  private RepoTemplate() {}

  /**
   * Writes the example repository into {@code dir}, creating it when missing.
   *
   * @return the files written, relative to {@code dir}, in writing order
   * @throws KairosException USER when {@code dir} is a file or a folder that is not empty
   */
  public static List<Path> write(Path dir) {
    refuseNonEmpty(dir);
    List<Path> written = new ArrayList<>();
    try {
      for (String[] f : FILES) {
        Path target = dir.resolve(f[1]);
        Files.createDirectories(target.getParent());
        try (InputStream in = RepoTemplate.class.getResourceAsStream("template/" + f[0])) {
          if (in == null) {
            throw KairosException.internal(
                "template resource " + f[0] + " is missing from the jar", null);
          }
          Files.copy(in, target);
        }
        written.add(Path.of(f[1]));
      }
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "cannot write the new repository in " + dir + ": " + e, e);
    }
    return written;
  }

  private static void refuseNonEmpty(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw KairosException.user(
          "cannot init " + dir + ": it is a file; choose a new or empty folder");
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw KairosException.user(
              "cannot init " + dir + ": the folder is not empty; choose a new or empty folder");
        }
      } catch (IOException e) {
        throw new KairosException(ErrorKind.USER, "cannot read " + dir + ": " + e, e);
      }
    }
  }
}
