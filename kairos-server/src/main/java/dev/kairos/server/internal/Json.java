package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.MediaType;
import dev.kairos.api.KairosException;

/** Shared, thread-safe JSON machinery. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /**
   * Rejects a POST whose body is not declared JSON. The endpoints that start work (a skew check, a
   * question to the agent) take only {@code application/json}, which a page of another site can
   * send only after a CORS preflight this server never grants.
   */
  static void requireJson(AggregatedHttpRequest r) {
    MediaType type = r.contentType();
    if (type == null || !type.isJson()) {
      throw KairosException.user(
          "POST "
              + r.path()
              + " takes a JSON body: send the header Content-Type: application/json"
              + (type == null ? "" : " (not " + type + ")"));
    }
  }
}
