package dev.kairos.server.internal;

/** The served operations, as they appear in the {@code endpoint} tag of metrics. */
public enum Endpoint {
  KAIROS_GRPC("kairos_grpc_get_online_features"),
  FEAST_GRPC("feast_grpc_get_online_features"),
  FEAST_HTTP("http_get_online_features"),
  REST("rest_features"),
  LIST_REGISTRY("kairos_grpc_list_registry"),
  PREDICT_GRPC("kairos_grpc_predict"),
  PREDICT_HTTP("http_predict"),
  ANALYTICS("http_analytics"),
  AGENT("http_agent_ask"),
  SKEW("http_skew"),
  SKEW_CHECK("http_skew_check");

  private final String tag;

  Endpoint(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
