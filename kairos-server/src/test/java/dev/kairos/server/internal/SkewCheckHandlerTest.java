package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(() -> h.check("{\"service\": \"s\"}"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> h.check("{\"service\": \"s\"}"))
        .hasMessage("a skew check is already running on this server; wait for it and ask again")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.CONFLICT);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("{\"report\": true}");
    assertThat(h.check("{\"service\": \"t\"}")).isEqualTo("{\"report\": true}");
    assertThat(calls)
        .containsExactly(
            "s 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z",
            "t 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z");
  }
}
