package dev.kairos.core.definitions;

import dev.kairos.api.Definitions;
import dev.kairos.api.KairosException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the definition files of a repository ({@code features/**.yaml}) and validates them as a
 * whole: either every file is well formed and every reference resolves, or a {@link
 * DefinitionsException} lists every problem with its file, line and column.
 */
public final class DefinitionsLoader {
  /** The folder, relative to the repository, that holds definition files. */
  public static final String FOLDER = "features";

  private DefinitionsLoader() {}

  /**
   * Loads {@code repoDir/features/**.yaml} (and {@code .yml}), in path order.
   *
   * @throws DefinitionsException listing every problem
   * @throws KairosException USER when the features folder is missing
   */
  public static Definitions load(Path repoDir, String project) {
    Path folder = repoDir.resolve(FOLDER);
    if (!Files.isDirectory(folder)) {
      throw KairosException.user(
          "no "
              + FOLDER
              + "/ folder in "
              + repoDir
              + "; put your definitions in "
              + FOLDER
              + "/*.yaml (run kairos init to see an example repository)");
    }
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.filter(DefinitionsLoader::isYaml).sorted().toList()) {
        String rel = repoDir.relativize(p).toString().replace('\\', '/');
        files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException | UncheckedIOException e) {
      throw KairosException.user(
          "cannot read definition files under " + folder + ": " + e.getMessage());
    }
    return parse(project, files);
  }

  /**
   * Parses and validates definition texts.
   *
   * @param files file name (as it should appear in messages) to content; read in name order
   * @throws DefinitionsException listing every problem
   */
  public static Definitions parse(String project, Map<String, String> files) {
    return parse(project, files, ExpressionCheck::check);
  }

  /** As {@link #parse(String, Map)}, with the expression type-checker given (for tests). */
  static Definitions parse(
      String project, Map<String, String> files, ExpressionCheck.Checker expressions) {
    Problems problems = new Problems();
    Declared declared = new Declared();
    new TreeMap<>(files)
        .forEach((name, text) -> new DefinitionsParser(name, problems, declared).parse(text));
    Definitions defs = new DefinitionsValidator(declared, problems, expressions).validate(project);
    problems.throwIfAny();
    return defs;
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  /** Convenience for a single file. */
  public static Definitions parse(String project, String file, String text) {
    return parse(project, Map.of(file, text));
  }
}
