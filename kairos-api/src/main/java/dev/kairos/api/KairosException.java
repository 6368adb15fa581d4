package dev.kairos.api;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type Kairos throws to its users. Its message is written for a person: it names
 * the object, the file/line/field or rule at fault, and what to do. The cause is always kept.
 */
public class KairosException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorKind kind;

  public KairosException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public KairosException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind");
  }

  public ErrorKind kind() {
    return kind;
  }

  public static KairosException user(String message) {
    return new KairosException(ErrorKind.USER, message);
  }

  public static KairosException notFound(String message) {
    return new KairosException(ErrorKind.NOT_FOUND, message);
  }

  public static KairosException unavailable(String message, Throwable cause) {
    return new KairosException(ErrorKind.UNAVAILABLE, message, cause);
  }

  public static KairosException internal(String message, Throwable cause) {
    return new KairosException(ErrorKind.INTERNAL, message, cause);
  }
}
