package dev.kairos.ml.mlflow;

import dev.kairos.api.KairosException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Where an artifact goes on MLflow's artifact proxy ({@code mlflow server --serve-artifacts}), and
 * with which content type.
 */
final class ArtifactTargets {
  static final String PROXY_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("json", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("log", "text/plain; charset=utf-8"),
          Map.entry("md", "text/markdown; charset=utf-8"),
          Map.entry("csv", "text/csv; charset=utf-8"),
          Map.entry("yaml", "application/yaml"),
          Map.entry("yml", "application/yaml"),
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("pdf", "application/pdf"));

  private ArtifactTargets() {}

  /**
   * The proxy path (percent-encoded, from {@code /api/...}) of {@code relativePath} under a run's
   * artifact root. Accepts {@code mlflow-artifacts:/<path>}, {@code mlflow-artifacts://host/<path>}
   * and {@code http(s)://host[/prefix]/api/2.0/mlflow-artifacts/artifacts/<path>}.
   *
   * @throws KairosException USER when the root is elsewhere (s3://, file:, ...): only the proxy is
   *     reachable through the tracking server
   */
  static String proxyPath(String artifactUri, String runId, String relativePath) {
    String root = proxiedRoot(artifactUri, runId);
    String rel = encode(relativePath, false);
    return PROXY_PREFIX + (root.isEmpty() ? rel : root + "/" + rel);
  }

  /** Fails unless {@code artifactUri} is served by the artifact proxy; returns its path part. */
  static String proxiedRoot(String artifactUri, String runId) {
    String rest = null;
    if (artifactUri.startsWith("mlflow-artifacts:")) {
      rest = artifactUri.substring("mlflow-artifacts:".length());
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        rest = slash < 0 ? "" : rest.substring(slash);
      }
    } else if (artifactUri.startsWith("http://") || artifactUri.startsWith("https://")) {
      int at = artifactUri.indexOf(PROXY_PREFIX);
      rest = at < 0 ? null : artifactUri.substring(at + PROXY_PREFIX.length());
    }
    if (rest == null) {
      throw KairosException.user(
          "MLflow run "
              + runId
              + " stores its artifacts at "
              + artifactUri
              + ", which Kairos cannot write: Kairos uploads artifacts through the tracking"
              + " server's artifact proxy. Run the server with --serve-artifacts (proxied artifact"
              + " storage, for example --artifacts-destination s3://bucket/path) and use an"
              + " experiment whose artifact location is mlflow-artifacts:/...");
    }
    int end = rest.length();
    while (end > 0 && rest.charAt(end - 1) == '/') {
      end--;
    }
    int start = 0;
    while (start < end && rest.charAt(start) == '/') {
      start++;
    }
    return encode(rest.substring(start, end), true);
  }

  /** The content type an artifact is uploaded with, by its extension. */
  static String contentType(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /**
   * Percent-encodes a path (keeping {@code /}). {@code keepEscapes}: a {@code %XX} already in the
   * text is an escape (text from a URI) rather than a literal percent sign (a file name).
   */
  static String encode(String path, boolean keepEscapes) {
    StringBuilder out = new StringBuilder(path.length() + 16);
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (c < 0x80 && isPathChar((char) c)) {
        out.append((char) c);
      } else if (c == '%'
          && keepEscapes
          && i + 2 < bytes.length
          && hex(bytes[i + 1])
          && hex(bytes[i + 2])) {
        out.append('%');
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static boolean isPathChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0;
  }

  private static boolean hex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
