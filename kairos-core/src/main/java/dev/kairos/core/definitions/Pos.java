package dev.kairos.core.definitions;

import static java.util.Objects.requireNonNull;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** A 1-based position in a file. */
public record Pos(String file, int line, int column) {
  public Pos {
    requireNonNull(file, "file");
  }

  /** Where a YAML node starts. */
  public static Pos of(String file, Node node) {
    return of(file, node.getStartMark());
  }

  /** A SnakeYAML mark (0-based) as a 1-based position. */
  public static Pos of(String file, Mark mark) {
    return mark == null
        ? new Pos(file, 1, 1)
        : new Pos(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** {@code file:line:column}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }

  /** {@code line:column}, for pointing at another place in the same file. */
  public String lineColumn() {
    return line + ":" + column;
  }
}
