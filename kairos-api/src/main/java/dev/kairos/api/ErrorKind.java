package dev.kairos.api;

/**
 * How a failure is classified. Each kind maps to one CLI exit code, one gRPC status and one HTTP
 * status, in one place per surface.
 */
public enum ErrorKind {
  /** The caller's input is wrong (bad definitions, bad data, bad request). Exit 2, HTTP 400. */
  USER(2),
  /** A named object does not exist. Exit 2, HTTP 404. */
  NOT_FOUND(2),
  /** A store or service cannot be reached; retrying later may succeed. Exit 3, HTTP 503. */
  UNAVAILABLE(3),
  /** Two writers raced (for example two concurrent applies). Exit 2, HTTP 409. */
  CONFLICT(2),
  /** A bug or an unexpected state. Exit 1, HTTP 500. */
  INTERNAL(1);

  private final int exitCode;

  ErrorKind(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI uses for this kind. */
  public int exitCode() {
    return exitCode;
  }
}
