package dev.kairos.stream;

import com.sun.net.httpserver.HttpServer;
import dev.kairos.api.KairosException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in Prometheus' text format for a stream process, on a loopback port. */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer http;

  private MetricsEndpoint(HttpServer http) {
    this.http = http;
  }

  /**
   * Serves {@code registry} at {@code http://host:port/metrics}.
   *
   * @param port 0 for a free port
   */
  public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
      http.createContext(
          "/metrics",
          ex -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          });
      http.start();
      return new MetricsEndpoint(http);
    } catch (IOException e) {
      throw KairosException.user(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose another --metrics-port, or 0 for a free one");
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
