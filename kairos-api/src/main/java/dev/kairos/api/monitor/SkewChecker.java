package dev.kairos.api.monitor;

import java.time.Instant;

/**
 * Runs a skew check in the process that serves, for {@code POST /v1/skew/check}: the way to check
 * an embedded DuckDB offline store, which the serving process holds, while it serves.
 */
public interface SkewChecker {
  /**
   * Recomputes the rows of {@code service} logged with {@code from <= request_time < to}, stores
   * the check ({@code GET /v1/skew} serves it) and returns its report.
   *
   * @return the report as JSON, the document {@code kairos skew --format json} prints
   * @throws dev.kairos.api.KairosException NOT_FOUND for an unknown service; UNAVAILABLE when a
   *     store cannot be reached
   */
  String check(String service, Instant from, Instant to);
}
