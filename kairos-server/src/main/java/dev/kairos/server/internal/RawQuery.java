package dev.kairos.server.internal;

import java.util.List;
import java.util.Map;

/**
 * A feature request as it arrived, before validation: exactly one of {@code refs} and {@code
 * service} is meant to be set; entity values are as the protocol decoded them. {@code fromUrl}
 * marks the REST resource: its values are strings to parse by the join key's type, and its service
 * is the resource the path names (so an unknown one is NOT_FOUND, not a bad request). {@code
 * requestData} holds the request fields of request-time features (Feast's {@code request_context}),
 * column-wise like the entities; an entity column named like a request field of a requested
 * request-time view is request data too (as Feast's Python SDK sends it, and as the REST resource's
 * query parameters carry it).
 */
public record RawQuery(
    List<String> refs,
    String service,
    Map<String, List<Object>> entities,
    boolean fullFeatureNames,
    boolean fromUrl,
    Map<String, List<Object>> requestData) {
  public RawQuery {
    requestData = requestData == null ? Map.of() : requestData;
  }

  /** A request without request data. */
  public RawQuery(
      List<String> refs,
      String service,
      Map<String, List<Object>> entities,
      boolean fullFeatureNames,
      boolean fromUrl) {
    this(refs, service, entities, fullFeatureNames, fromUrl, Map.of());
  }
}
