package dev.kairos.testkit.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process MLflow tracking server on 127.0.0.1 with the endpoints {@link MlflowClient} uses,
 * MLflow's semantics and its error answers ({@code {"error_code", "message"}}: 404
 * RESOURCE_DOES_NOT_EXIST, 400 RESOURCE_ALREADY_EXISTS, 400 INVALID_PARAMETER_VALUE for a log-batch
 * over MLflow's limits, ...). It records every request for tests to assert; what it stores is in
 * {@link FakeMlflowState} and {@link FakeMlflowRegistry}.
 */
public final class FakeMlflowServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request as received.
   *
   * @param target the raw path with its query, e.g. {@code /api/2.0/mlflow/runs/create}
   * @param authorization the Authorization header, or null
   */
  public record Request(
      String method, String target, byte[] body, String authorization, String contentType) {
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  /** An answer MLflow would give. */
  public record Reply(int status, String body) {
    static Reply ok(JsonNode json) {
      return new Reply(200, json.toString());
    }

    static Reply error(int status, String code, String message) {
      ObjectNode n = JSON.createObjectNode().put("error_code", code).put("message", message);
      return new Reply(status, n.toString());
    }
  }

  /** Thrown by handlers to answer with an MLflow error. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply reply;

    Failure(int status, String code, String message) {
      super(message);
      this.reply = Reply.error(status, code, message);
    }
  }

  private final HttpServer server;
  private final FakeMlflowState state = new FakeMlflowState();
  private final FakeMlflowRegistry registry = new FakeMlflowRegistry(state::hasRun);
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Reply> failNext = new LinkedHashMap<>();
  private String requiredToken;

  public FakeMlflowServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FakeMlflowState state() {
    return state;
  }

  public FakeMlflowRegistry registry() {
    return registry;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests to one path, in order. */
  public synchronized List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** "METHOD /path" of every request, in order. */
  public synchronized List<String> calls() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /** The next request to {@code path} gets this error instead of being served. */
  public synchronized void failNext(String path, int status, String errorCode, String message) {
    failNext.put(path, Reply.error(status, errorCode, message));
  }

  /** Every request must carry {@code Authorization: Bearer <token>}, or gets MLflow's 401. */
  public synchronized void requireToken(String token) {
    requiredToken = token;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    Reply reply;
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      URI u = ex.getRequestURI();
      String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
      Request r =
          new Request(
              ex.getRequestMethod(),
              target,
              body,
              ex.getRequestHeaders().getFirst("Authorization"),
              ex.getRequestHeaders().getFirst("Content-Type"));
      synchronized (this) {
        requests.add(r);
        reply = failNext.remove(r.path());
        if (reply == null
            && requiredToken != null
            && !("Bearer " + requiredToken).equals(r.authorization())) {
          reply = new Reply(401, "You are not authenticated. Please provide a valid token.");
        }
        if (reply == null) {
          reply = serve(r);
        }
      }
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders()
          .set("Content-Type", reply.body().startsWith("{") ? "application/json" : "text/plain");
      ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      ex.getResponseBody().write(out);
    }
  }

  private Reply serve(Request r) {
    String api = "/api/2.0/mlflow/";
    String artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
    try {
      if (r.path().startsWith(artifacts)) {
        expect(r, "PUT");
        String raw = r.path().substring(artifacts.length()).replace("+", "%2B");
        String path = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        return Reply.ok(state.putArtifact(path, r.body()));
      }
      if (!r.path().startsWith(api)) {
        return new Reply(404, "<!doctype html><title>404 Not Found</title>");
      }
      String endpoint = r.path().substring(api.length());
      if (endpoint.equals("experiments/get-by-name")) {
        expect(r, "GET");
        return Reply.ok(state.experimentByName(query(r, "experiment_name")));
      }
      expect(r, "POST");
      JsonNode b = body(r);
      return Reply.ok(
          switch (endpoint) {
            case "experiments/create" -> state.createExperiment(b);
            case "runs/create" -> state.createRun(b);
            case "runs/log-batch" -> state.logBatch(b, r.body().length);
            case "runs/update" -> state.updateRun(b);
            case "registered-models/create" -> registry.createRegisteredModel(b);
            case "model-versions/create" -> registry.createModelVersion(b);
            case "registered-models/alias" -> registry.setAlias(b);
            default -> throw new Failure(404, "ENDPOINT_NOT_FOUND", "No such endpoint " + endpoint);
          });
    } catch (Failure f) {
      return f.reply;
    }
  }

  private static void expect(Request r, String method) {
    if (!r.method().equals(method)) {
      throw new Failure(405, "BAD_REQUEST", r.method() + " is not allowed on " + r.path());
    }
  }

  private static String query(Request r, String name) {
    int q = r.target().indexOf('?');
    if (q >= 0) {
      for (String kv : r.target().substring(q + 1).split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0 && kv.substring(0, eq).equals(name)) {
          return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    throw new Failure(
        400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '" + name + "'.");
  }

  private static JsonNode body(Request r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || !n.isObject()) {
        throw new Failure(400, "MALFORMED_REQUEST", "Request body is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new Failure(400, "MALFORMED_REQUEST", "Malformed JSON: " + e.getMessage());
    }
  }
}
