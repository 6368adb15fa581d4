package dev.kairos.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.monitor.SkewChecker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/skew/check} with {@code {"service": "S", "from": ISO-8601, "to": ISO-8601}}
 * ({@code to} defaults to now, {@code from} to {@code hours}, else 24, hours before {@code to}; a
 * client asks for "the last 6 hours" with {@code "hours": 6}, on the server's clock, which stamped
 * the logged requests, rather than its own): runs a skew check in the server, which stores it for
 * {@code GET /v1/skew}, and answers its whole report, as {@code kairos skew --format json} prints
 * it. One check at a time: another request meanwhile is a 409. 400 for a bad body (or one not sent
 * as {@code application/json}), 404 for an unknown service or a server that runs no checks, 503 for
 * a check that outlives the route's timeout.
 */
public final class SkewCheckHandler {
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  static final String NOT_CONFIGURED =
      "this server runs no skew checks: its offline store must speak SQL (duckdb or postgres);"
          + " run kairos skew --service NAME where the offline store can be opened";
  static final String BAD_BODY =
      "the body must be JSON like {\"service\": \"fraud_detection_v1\", \"from\":"
          + " \"2026-03-01T00:00:00Z\", \"to\": \"2026-03-02T00:00:00Z\"} or {\"service\":"
          + " \"fraud_detection_v1\", \"hours\": 6} (to defaults to now, from to 24 hours before)";
  private static final Set<String> FIELDS = Set.of("service", "from", "to", "hours");
  private static final long MAX_HOURS = 24L * 366;

  private final SkewChecker checker;
  private final Clock clock;
  private final ServerMetrics metrics;
  private final Semaphore oneAtATime = new Semaphore(1);

  /**
   * @param checker runs the checks, or null when the server has none
   */
  SkewCheckHandler(SkewChecker checker, Clock clock, ServerMetrics metrics) {
    this.checker = checker;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Adds the route. A check that takes longer than {@code timeout} (it reads the whole range) is
   * answered 503 in JSON; it goes on in the server, is stored when it ends, and holds the one slot
   * until then.
   */
  public static void install(
      ServerBuilder sb, SkewChecker checker, Clock clock, Duration timeout, ServerMetrics metrics) {
    SkewCheckHandler h = new SkewCheckHandler(checker, clock, metrics);
    sb.route()
        .post("/v1/skew/check")
        .requestTimeout(timeout.plusMinutes(1))
        .build(h.service(timeout));
  }

  HttpService service(Duration timeout) {
    return (ctx, req) -> {
      CompletableFuture<HttpResponse> answer =
          req.aggregate()
              .thenApplyAsync(
                  (AggregatedHttpRequest r) -> {
                    long start = System.nanoTime();
                    try {
                      Json.requireJson(r);
                      return HttpResponse.of(
                          HttpStatus.OK, MediaType.JSON_UTF_8, check(r.contentUtf8()));
                    } catch (RuntimeException e) {
                      return error(e);
                    } finally {
                      metrics.request(Endpoint.SKEW_CHECK, System.nanoTime() - start);
                    }
                  },
                  ctx.blockingTaskExecutor());
      CompletableFuture<HttpResponse> late = new CompletableFuture<>();
      ScheduledFuture<?> timer =
          ctx.eventLoop()
              .schedule(
                  () -> late.complete(error(tooLong(timeout))),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
      answer.whenComplete((r, e) -> timer.cancel(false));
      return HttpResponse.of(answer.applyToEither(late, r -> r));
    };
  }

  static KairosException tooLong(Duration timeout) {
    return KairosException.unavailable(
        "the skew check did not finish within "
            + timeout.toString().substring(2).toLowerCase(Locale.ROOT)
            + "; it goes on in the server and is stored when it ends (GET /v1/skew lists it):"
            + " check a shorter range with from and to",
        null);
  }

  private HttpResponse error(RuntimeException e) {
    KairosException k = ErrorMapping.classify(e);
    metrics.error(Endpoint.SKEW_CHECK, k.kind());
    return ErrorMapping.httpResponse(k);
  }

  String check(String body) {
    Request q = parse(body, clock.instant());
    if (checker == null) {
      throw KairosException.notFound(NOT_CONFIGURED);
    }
    if (!oneAtATime.tryAcquire()) {
      throw new KairosException(
          ErrorKind.CONFLICT,
          "a skew check is already running on this server; wait for it and ask again");
    }
    try {
      return checker.check(q.service(), q.from(), q.to());
    } finally {
      oneAtATime.release();
    }
  }

  record Request(String service, Instant from, Instant to) {}

  static Request parse(String body, Instant now) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw KairosException.user(BAD_BODY + "; it is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw KairosException.user(BAD_BODY);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw KairosException.user(BAD_BODY + "; unknown field '" + f + "'");
      }
    }
    JsonNode service = n.get("service");
    if (service == null || !service.isTextual() || service.asText().isBlank()) {
      throw KairosException.user(BAD_BODY + "; \"service\" must be a service name");
    }
    Instant to = instant(n, "to", now);
    JsonNode hours = n.get("hours");
    Duration range = DEFAULT_RANGE;
    if (hours != null && !hours.isNull()) {
      if (n.hasNonNull("from")) {
        throw KairosException.user(BAD_BODY + "; give \"from\" or \"hours\", not both");
      }
      if (!hours.canConvertToLong()
          || !hours.isIntegralNumber()
          || hours.asLong() < 1
          || hours.asLong() > MAX_HOURS) {
        throw KairosException.user(
            "\"hours\" must be a whole number of hours from 1 to " + MAX_HOURS + ", not " + hours);
      }
      range = Duration.ofHours(hours.asLong());
    }
    Instant from = instant(n, "from", to.minus(range));
    if (!from.isBefore(to)) {
      throw KairosException.user("\"from\" " + from + " must be before \"to\" " + to);
    }
    return new Request(service.asText(), from, to);
  }

  private static Instant instant(JsonNode n, String field, Instant otherwise) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return otherwise;
    }
    try {
      if (v.isTextual()) {
        return Instant.parse(v.asText());
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw KairosException.user(
        "\"" + field + "\" must be an ISO-8601 UTC time like 2026-03-01T00:00:00Z, not " + v);
  }
}
