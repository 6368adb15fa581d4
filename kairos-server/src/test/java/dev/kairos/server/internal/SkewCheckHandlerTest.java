package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.monitor.SkewChecker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SkewCheckHandlerTest {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  final ServerMetrics metrics =
      new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

  @Test
  void parse_defaultsToTheLast24Hours_andTakesExplicitBounds() {
    assertThat(SkewCheckHandler.parse("{\"service\": \"s\"}", NOW))
        .isEqualTo(new SkewCheckHandler.Request("s", NOW.minusSeconds(86_400), NOW));
    assertThat(
            SkewCheckHandler.parse("{\"service\": \"s\", \"to\": \"2026-03-01T00:00:00Z\"}", NOW))
        .isEqualTo(
            new SkewCheckHandler.Request(
                "s", Instant.parse("2026-02-28T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z")));
    assertThat(
            SkewCheckHandler.parse(
                "{\"service\": \"s\", \"from\": \"2026-03-01T10:00:00Z\", \"to\": null}", NOW))
        .isEqualTo(new SkewCheckHandler.Request("s", Instant.parse("2026-03-01T10:00:00Z"), NOW));
    assertThat(SkewCheckHandler.parse("{\"service\": \"s\", \"hours\": 6}", NOW))
        .isEqualTo(new SkewCheckHandler.Request("s", NOW.minusSeconds(6 * 3600), NOW));
  }

  @Test
  void parse_rejectsBadBodies_sayingWhatIsWrong() {
    String[][] cases = {
      {"not json", "it is not valid JSON"},
      {"[1]", "the body must be JSON like"},
      {"{\"service\": \"s\", \"window\": 3}", "unknown field 'window'"},
      {"{}", "\"service\" must be a service name"},
      {"{\"service\": 7}", "\"service\" must be a service name"},
      {"{\"service\": \"s\", \"from\": 12}", "\"from\" must be an ISO-8601 UTC time like"},
      {"{\"service\": \"s\", \"to\": \"tomorrow\"}", "\"to\" must be an ISO-8601 UTC time like"},
      {
        "{\"service\": \"s\", \"hours\": 0}",
        "\"hours\" must be a whole number of hours from 1 to 8784"
      },
      {"{\"service\": \"s\", \"hours\": 1.5}", "\"hours\" must be a whole number of hours"},
      {"{\"service\": \"s\", \"hours\": \"6\"}", "\"hours\" must be a whole number of hours"},
      {
        "{\"service\": \"s\", \"hours\": 6, \"from\": \"2026-03-01T00:00:00Z\"}",
        "give \"from\" or \"hours\", not both"
      },
      {
        "{\"service\": \"s\", \"from\": \"2026-03-02T00:00:00Z\", \"to\": \"2026-03-01T00:00:00Z\"}",
        "\"from\" 2026-03-02T00:00:00Z must be before \"to\" 2026-03-01T00:00:00Z"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SkewCheckHandler.parse(c[0], NOW))
          .as(c[0])
          .isInstanceOf(KairosException.class)
          .hasMessageContaining(c[1])
          .extracting(e -> ((KairosException) e).kind())
          .isEqualTo(ErrorKind.USER);
    }
  }

  @Test
  void check_withoutAChecker_isNotFound_afterTheBodyIsValidated() {
    SkewCheckHandler h = new SkewCheckHandler(null, CLOCK, metrics);
    assertThatThrownBy(() -> h.check("{\"service\": \"s\"}"))
        .hasMessage(SkewCheckHandler.NOT_CONFIGURED)
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThatThrownBy(() -> h.check("{}"))
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  @Test
  void check_passesTheRange_andRunsOneCheckAtATime() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> calls = new ArrayList<>();
    SkewCheckHandler h =
        new SkewCheckHandler(
            (service, from, to) -> {
              calls.add(service + " " + from + " " + to);
              entered.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "{\"report\": true}";
            },
            CLOCK,
            metrics);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    Future<String> first = thread.submit(() -> h.check("{\"service\": \"s\"}"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> h.check("{\"service\": \"s\"}"))
        .hasMessage("a skew check is already running on this server; wait for it and ask again")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.CONFLICT);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("{\"report\": true}");
    thread.shutdown();
    assertThat(h.check("{\"service\": \"t\"}")).isEqualTo("{\"report\": true}");
    assertThat(calls)
        .containsExactly(
            "s 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z",
            "t 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z");
  }

  @Test
  void overHttp_aCheckOutlivingTheTimeout_isA503InJson_andHoldsTheSlotUntilItEnds()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    SkewChecker slow =
        (service, from, to) -> {
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          finished.incrementAndGet();
          return "{\"report\": \"" + service + "\"}";
        };
    ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    SkewCheckHandler.install(sb, slow, CLOCK, Duration.ofMillis(300), metrics);
    Server server = sb.build();
    server.start().join();
    try {
      HttpResponse<String> late = post(server, "{\"service\": \"s\"}", "application/json");
      assertThat(late.statusCode()).isEqualTo(503);
      assertThat(late.headers().firstValue("content-type"))
          .hasValue("application/json; charset=utf-8");
      JsonNode n = new ObjectMapper().readTree(late.body());
      assertThat(n.path("kind").asText()).isEqualTo("UNAVAILABLE");
      assertThat(n.path("error").asText())
          .isEqualTo(
              "the skew check did not finish within 0.3s; it goes on in the server and is stored"
                  + " when it ends (GET /v1/skew lists it): check a shorter range with from and to");
      assertThat(finished).hasValue(0);

      HttpResponse<String> busy = post(server, "{\"service\": \"t\"}", "application/json");
      assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);

      release.countDown();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (finished.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(finished).hasValue(1);
      HttpResponse<String> next = post(server, "{\"service\": \"u\"}", "application/json");
      assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("{\"report\": \"u\"}");
    } finally {
      release.countDown();
      server.stop().join();
    }
  }

  @Test
  void overHttp_aBodyNotSentAsJson_isRefused_namingTheHeader() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ServerBuilder sb = Server.builder().http(new InetSocketAddress("127.0.0.1", 0));
    SkewCheckHandler.install(
        sb,
        (service, from, to) -> {
          calls.incrementAndGet();
          return "{}";
        },
        CLOCK,
        Duration.ofSeconds(10),
        metrics);
    Server server = sb.build();
    server.start().join();
    try {
      HttpResponse<String> form =
          post(server, "{\"service\": \"s\"}", "application/x-www-form-urlencoded");
      assertThat(form.statusCode()).isEqualTo(400);
      assertThat(new ObjectMapper().readTree(form.body()).path("error").asText())
          .isEqualTo(
              "POST /v1/skew/check takes a JSON body: send the header Content-Type:"
                  + " application/json (not application/x-www-form-urlencoded)");
      HttpResponse<String> trailing =
          post(server, "{\"service\": \"s\"} {\"service\": \"t\"}", "application/json");
      assertThat(trailing.statusCode()).isEqualTo(400);
      assertThat(trailing.body()).contains("it is not valid JSON");
      assertThat(calls).hasValue(0);
      assertThat(post(server, "{\"service\": \"s\"}", "application/json").statusCode())
          .isEqualTo(200);
      assertThat(calls).hasValue(1);
    } finally {
      server.stop().join();
    }
  }

  private static HttpResponse<String> post(Server server, String body, String type)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/v1/skew/check"))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
