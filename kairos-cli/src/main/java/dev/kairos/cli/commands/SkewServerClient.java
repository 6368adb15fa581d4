package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.monitor.ReportJson;
import dev.kairos.monitor.SkewReport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/** {@code kairos skew --server URL}: the check run by a kairos serve, over HTTP. */
final class SkewServerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The server answers 503 itself after SKEW_CHECK_TIMEOUT; this is for a server that does not.
  private static final Duration TIMEOUT = Servers.SKEW_CHECK_TIMEOUT.plusMinutes(2);

  private SkewServerClient() {}

  /**
   * Asks the server at {@code base} to check {@code service} (null bounds: the server's defaults).
   *
   * @throws KairosException UNAVAILABLE when the server does not answer; the server's own error, of
   *     its kind, when it refuses
   */
  static SkewReport check(String server, String service, Instant from, Instant to) {
    URI base = url(server);
    ObjectNode body = JSON.createObjectNode().put("service", service);
    if (from != null) {
      body.put("from", from.toString());
    }
    if (to != null) {
      body.put("to", to.toString());
    }
    // Kept under the URL's path, for a server behind a proxy at http://host/kairos/.
    URI uri = base.resolve(base.getRawPath().replaceAll("/+$", "") + "/v1/skew/check");
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(TIMEOUT)
                      .header("content-type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw KairosException.unavailable(
          "cannot reach kairos serve at " + base + ": connection refused; start it or fix --server",
          e);
    } catch (HttpTimeoutException e) {
      throw KairosException.unavailable(
          "kairos serve at " + base + " did not answer within " + TIMEOUT.toMinutes() + " minutes",
          e);
    } catch (IOException e) {
      throw KairosException.unavailable(
          "cannot reach kairos serve at " + base + ": " + e + "; start it or fix --server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while waiting for " + uri, e);
    }
    if (r.statusCode() == 200) {
      try {
        return ReportJson.parse(r.body());
      } catch (RuntimeException e) {
        throw notKairos(base, r);
      }
    }
    throw refusal(base, r);
  }

  static URI url(String server) {
    try {
      URI base = new URI(server);
      String scheme = base.getScheme();
      if (base.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))) {
        return base;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw KairosException.user(
        "--server " + server + " is not a server URL; give one like http://127.0.0.1:6566");
  }

  /**
   * The server's error, of the kind it names, or UNAVAILABLE for an answer that is not Kairos'. A
   * check already running there (409) is UNAVAILABLE too: asking again later succeeds.
   */
  static KairosException refusal(URI base, HttpResponse<String> r) {
    ErrorKind kind;
    String error;
    try {
      JsonNode n = JSON.readTree(r.body());
      kind = ErrorKind.valueOf(n.get("kind").asText());
      error = n.get("error").asText();
    } catch (IOException | RuntimeException e) {
      return notKairos(base, r);
    }
    return new KairosException(
        kind == ErrorKind.CONFLICT ? ErrorKind.UNAVAILABLE : kind,
        "kairos serve at " + base + ": " + error);
  }

  private static KairosException notKairos(URI base, HttpResponse<String> r) {
    return KairosException.unavailable(
        "kairos serve at "
            + base
            + " answered HTTP "
            + r.statusCode()
            + " to POST /v1/skew/check, not a skew report; is --server a Kairos feature server?",
        null);
  }
}
