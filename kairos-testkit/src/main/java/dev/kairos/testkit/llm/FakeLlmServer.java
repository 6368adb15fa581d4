package dev.kairos.testkit.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process language-model server on 127.0.0.1 speaking a real wire protocol, scripted per
 * test: each request takes the next {@link Turn}, which may read the request (for example the tool
 * results Kairos sent) to compose its {@link Reply}. Every request is recorded for tests to assert
 * exactly what Kairos sent. A request with no turn left is answered 500.
 */
public abstract class FakeLlmServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server otherwise leaves Nagle on: with the client's delayed ACKs every exchange waits
    // ~40 ms, which a real Ollama or OpenAI server (TCP_NODELAY) does not add. Read once per JVM,
    // when the first JDK HTTP server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * One request as received.
   *
   * @param authorization the Authorization header, or null
   */
  public record Request(String method, String path, JsonNode body, String authorization) {}

  /** Composes the reply to one request. */
  @FunctionalInterface
  public interface Turn {
    Reply reply(JsonNode request);
  }

  /** One tool call the fake model makes; {@code arguments} is JSON text (possibly malformed). */
  public record Call(String name, String arguments) {}

  /**
   * What the fake model answers.
   *
   * @param text the assistant's text, or null
   * @param calls tool calls, possibly empty
   * @param delay wait this long before answering (for timeouts)
   * @param status the HTTP status (200 unless an error is scripted)
   * @param errorBody the body of an error reply
   */
  public record Reply(String text, List<Call> calls, Duration delay, int status, String errorBody) {
    public Reply {
      calls = List.copyOf(calls);
    }

    public static Reply text(String text) {
      return new Reply(text, List.of(), Duration.ZERO, 200, null);
    }

    public static Reply call(String tool, String arguments) {
      return new Reply(null, List.of(new Call(tool, arguments)), Duration.ZERO, 200, null);
    }

    public static Reply calls(Call... calls) {
      return new Reply(null, List.of(calls), Duration.ZERO, 200, null);
    }

    public static Reply error(int status, String body) {
      return new Reply(null, List.of(), Duration.ZERO, status, body);
    }

    public Reply after(Duration d) {
      return new Reply(text, calls, d, status, errorBody);
    }
  }

  private final HttpServer server;
  private final Deque<Turn> script = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  protected FakeLlmServer(String path) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(path, this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Appends turns to the script. */
  public FakeLlmServer script(Turn... turns) {
    script.addAll(List.of(turns));
    return this;
  }

  /** Appends fixed replies to the script. */
  public FakeLlmServer replies(Reply... replies) {
    for (Reply r : replies) {
      script.add(req -> r);
    }
    return this;
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Turns not used yet. */
  public int remaining() {
    return script.size();
  }

  /** The contents of the {@code tool} messages of a request, parsed as JSON, in order. */
  public static List<JsonNode> toolResults(JsonNode request) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : request.path("messages")) {
      if ("tool".equals(m.path("role").asText())) {
        try {
          out.add(JSON.readTree(m.path("content").asText()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      requests.add(
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getPath(),
              body,
              ex.getRequestHeaders().getFirst("Authorization")));
      Turn turn = script.poll();
      if (turn == null) {
        send(ex, 500, "application/json", "{\"error\":\"fake: no scripted turn left\"}");
        return;
      }
      Reply reply = turn.reply(body);
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (reply.status() != 200) {
        send(ex, reply.status(), "application/json", reply.errorBody());
        return;
      }
      respond(ex, body, reply);
    } catch (IOException e) {
      // The client went away (e.g. it timed out); nothing to answer.
    }
  }

  /** Writes a 200 answer in the protocol's format. */
  protected abstract void respond(HttpExchange ex, JsonNode request, Reply reply)
      throws IOException;

  protected static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Starts a chunked answer; write the chunks to the returned stream, flushing each. */
  protected static OutputStream chunked(HttpExchange ex, String type) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  protected static ObjectNode object() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
