package dev.kairos.ml.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The HTTP and JSON plumbing of {@link MlflowClient}: one request, its answer, and the mapping of
 * MLflow's {@code {"error_code", "message"}} answers and of I/O failures to {@link
 * KairosException}s, in one place.
 */
final class MlflowHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final MlflowConfig config;
  private final HttpClient http;
  private final String base;

  MlflowHttp(MlflowConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String uri = config.trackingUri().toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  /**
   * An answer of the server.
   *
   * @param json the body as JSON, or null when it was not JSON
   * @param text the body as text, for messages
   */
  record Answer(String method, String endpoint, int status, JsonNode json, String text) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** MLflow's error code, or "" when the answer carries none. */
    String errorCode() {
      return json == null ? "" : json.path("error_code").asText("");
    }
  }

  Answer get(String endpoint, String queryName, String queryValue) {
    String query = queryName + "=" + URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
    return send("GET", endpoint, query, BodyPublishers.noBody(), "application/json");
  }

  Answer post(String endpoint, ObjectNode body) {
    return send(
        "POST", endpoint, null, BodyPublishers.ofByteArray(bytes(body)), "application/json");
  }

  /** PUT a file's bytes, streamed; {@code rawPath} is already percent-encoded. */
  Answer put(String rawPath, Path file, String contentType) {
    BodyPublisher body;
    try {
      body = BodyPublishers.ofFile(file);
    } catch (FileNotFoundException e) {
      throw KairosException.internal("artifact file " + file + " disappeared before upload", e);
    }
    return send("PUT", rawPath, null, body, contentType);
  }

  /** The answer's JSON when it is a success; otherwise the mapped exception. */
  JsonNode require(Answer a) {
    if (a.ok()) {
      return a.json() == null ? JSON.createObjectNode() : a.json();
    }
    throw rejected(a);
  }

  /** The exception for an error answer: its kind follows the status, its message names it all. */
  KairosException rejected(Answer a) {
    String what = a.method() + " " + a.endpoint();
    String detail;
    if (!a.errorCode().isEmpty()) {
      detail = a.errorCode() + ": " + a.json().path("message").asText("");
    } else {
      String body = a.text().strip();
      detail = body.isEmpty() ? "empty body" : abbreviate(body, 300);
    }
    String message =
        "MLflow at "
            + config.trackingUri()
            + " rejected "
            + what
            + " ("
            + a.status()
            + " "
            + detail
            + ")";
    ErrorKind kind;
    if (a.status() == 401 || a.status() == 403) {
      kind = ErrorKind.USER;
      message += "; check the MLflow token Kairos is configured with";
    } else if (a.status() == 404) {
      kind = ErrorKind.NOT_FOUND;
    } else if ("RESOURCE_ALREADY_EXISTS".equals(a.errorCode())) {
      kind = ErrorKind.CONFLICT;
    } else if (a.status() == 429 || a.status() >= 500) {
      kind = ErrorKind.UNAVAILABLE;
      message += "; the run is kept locally and can be exported again later";
    } else if (a.status() / 100 == 4) {
      kind = ErrorKind.USER;
    } else {
      kind = ErrorKind.INTERNAL;
    }
    return new KairosException(kind, message);
  }

  private Answer send(
      String method, String endpoint, String query, BodyPublisher body, String contentType) {
    URI uri = URI.create(base + endpoint + (query == null ? "" : "?" + query));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .method(method, body);
    if (!"GET".equals(method)) {
      b.header("Content-Type", contentType);
    }
    config.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable(
          "interrupted while waiting for MLflow at "
              + config.trackingUri()
              + " ("
              + method
              + " "
              + endpoint
              + "); the run is kept locally and can be exported again later",
          e);
    } catch (IOException e) {
      throw unreachable(method + " " + endpoint, e);
    }
    String text = new String(r.body(), StandardCharsets.UTF_8);
    return new Answer(method, endpoint, r.statusCode(), parse(text), text);
  }

  private KairosException unreachable(String what, IOException e) {
    String why;
    if (e instanceof HttpConnectTimeoutException) {
      why = "no connection within " + seconds(config.connectTimeout());
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + seconds(config.requestTimeout());
    } else if (e instanceof ConnectException) {
      why = "connection refused";
    } else {
      why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return KairosException.unavailable(
        "MLflow at "
            + config.trackingUri()
            + " cannot be reached ("
            + what
            + ": "
            + why
            + "); the run is kept locally and can be exported again once the server is up",
        e);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static JsonNode parse(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null; // not JSON: a proxy's error page, for example; the text goes in the message
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw KairosException.internal("cannot encode an MLflow request as JSON", e);
    }
  }

  /**
   * An int64 field of an answer, which proto3 JSON writes as a string and MLflow's server as a
   * number; both are accepted.
   *
   * @throws KairosException INTERNAL when the field is missing or not an integer
   */
  static long int64(JsonNode parent, String field) {
    JsonNode n = parent.path(field);
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw KairosException.internal(
        "MLflow answered " + field + " = " + n + ", which is not an int64, in " + parent, null);
  }

  /** A text field of an answer that must be there. */
  static String text(JsonNode parent, String field, Answer from) {
    JsonNode n = parent.path(field);
    if (!n.isTextual() || n.asText().isEmpty()) {
      throw KairosException.internal(
          "MLflow's answer to "
              + from.method()
              + " "
              + from.endpoint()
              + " has no "
              + field
              + ": "
              + abbreviate(from.text(), 300),
          null);
    }
    return n.asText();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
