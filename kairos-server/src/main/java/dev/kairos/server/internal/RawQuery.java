package dev.kairos.server.internal;

import java.util.List;
import java.util.Map;

/**
 * A feature request as it arrived, before validation: exactly one of {@code refs} and {@code
 * service} is meant to be set; entity values are as the protocol decoded them. {@code fromUrl}
 * marks the REST resource: its values are strings to parse by the join key's type, and its service
 * is the resource the path names (so an unknown one is NOT_FOUND, not a bad request).
 */
public record RawQuery(
    List<String> refs,
    String service,
    Map<String, List<Object>> entities,
    boolean fullFeatureNames,
    boolean fromUrl) {}
