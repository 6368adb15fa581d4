package dev.kairos.api.monitor;

import java.util.List;

/** The stored skew checks, for {@code GET /v1/skew}. */
public interface SkewHistory {
  /**
   * The latest checks per service, newest last within a service, services by name.
   *
   * @param service only this service, or null for all
   * @param limit the most checks per service, at least 1
   * @throws dev.kairos.api.KairosException UNAVAILABLE when the store cannot be read
   */
  List<SkewSummary> latest(String service, int limit);
}
