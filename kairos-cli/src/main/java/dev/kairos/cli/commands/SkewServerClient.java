package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.monitor.ReportJson;
import dev.kairos.monitor.SkewReport;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** {@code kairos skew --server URL}: the check run by a kairos serve, over HTTP. */
final class SkewServerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    URI uri = base.resolve("/v1/skew/check");
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Servers.SKEW_CHECK_TIMEOUT.plusMinutes(1))
                      .header("content-type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw KairosException.unavailable(
          "cannot reach kairos serve at " + base + ": " + e + "; start it or fix --server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while waiting for " + uri, e);
    }
    if (r.statusCode() == 200) {
      return ReportJson.parse(r.body());
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

  /** The server's error, of the kind it names, or UNAVAILABLE for an answer that is not Kairos'. */
  static KairosException refusal(URI base, HttpResponse<String> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      ErrorKind kind = ErrorKind.valueOf(n.get("kind").asText());
      return new KairosException(kind, "kairos serve at " + base + ": " + n.get("error").asText());
    } catch (IOException | RuntimeException e) {
      return KairosException.unavailable(
          "kairos serve at "
              + base
              + " answered HTTP "
              + r.statusCode()
              + " to POST /v1/skew/check, not a skew report; is --server a Kairos feature server?",
          null);
    }
  }
}
