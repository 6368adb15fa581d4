package dev.kairos.ml.mlflow;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the MLflow tracking server is and how to talk to it. Immutable; {@link #toString()} never
 * shows the token.
 *
 * @param trackingUri the server's base URI, e.g. {@code http://127.0.0.1:5000} (http or https; a
 *     path prefix such as {@code https://host/mlflow} is kept, every endpoint is resolved under it)
 * @param token sent as {@code Authorization: Bearer <token>} on every request when present; never
 *     logged nor put in an error message
 * @param connectTimeout how long to wait for a TCP/TLS connection; default 5 s
 * @param requestTimeout how long to wait for one whole answer (an artifact upload included);
 *     default 30 s
 */
public record MlflowConfig(
    URI trackingUri, Optional<String> token, Duration connectTimeout, Duration requestTimeout) {
  /** The connect timeout unless configured. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The per-request timeout unless configured. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  public MlflowConfig {
    requireNonNull(trackingUri, "trackingUri");
    String scheme = trackingUri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || trackingUri.getHost() == null) {
      throw new IllegalArgumentException(
          "the MLflow tracking URI must be http(s)://host[:port][/prefix], was " + trackingUri);
    }
    if (trackingUri.getRawQuery() != null || trackingUri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the MLflow tracking URI must have no query or fragment, was " + trackingUri);
    }
    if (trackingUri.getRawUserInfo() != null) {
      // The URI is printed in messages; a password in it would be printed too.
      throw new IllegalArgumentException(
          "the MLflow tracking URI must not carry credentials; configure a token instead");
    }
    requireNonNull(token, "token");
    token.ifPresent(
        t -> {
          if (t.isBlank() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(
                "the MLflow token must be printable ASCII without spaces");
          }
        });
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
  }

  /** A server without authentication, with the default timeouts. */
  public static MlflowConfig of(URI trackingUri) {
    return new MlflowConfig(
        trackingUri, Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /** This configuration with a bearer token (null or blank for none). */
  public MlflowConfig withToken(String newToken) {
    Optional<String> t =
        newToken == null || newToken.isBlank() ? Optional.empty() : Optional.of(newToken);
    return new MlflowConfig(trackingUri, t, connectTimeout, requestTimeout);
  }

  /** This configuration with other timeouts. */
  public MlflowConfig withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
    return new MlflowConfig(trackingUri, token, newConnectTimeout, newRequestTimeout);
  }

  private static void requirePositive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  @Override
  public String toString() {
    return "MlflowConfig[trackingUri="
        + trackingUri
        + ", token="
        + (token.isPresent() ? "****" : "none")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
