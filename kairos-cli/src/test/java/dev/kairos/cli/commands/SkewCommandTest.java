package dev.kairos.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kairos.cli.KairosCli;
import dev.kairos.cli.demo.DemoSkew;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.online.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kairos skew} in process, over vectors logged by the server {@code kairos serve} builds
 * ({@link Servers}): its text and JSON reports, the threshold's exit code 4, and user errors.
 */
class SkewCommandTest {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant END = START.plusSeconds(2 * 86_400L);

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = KairosCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** What a test does while the server runs, given its port. */
  interface WhileServing {
    void run(int port) throws Exception;
  }

  /** Serves 20 logged transactions through the server 'kairos serve' builds, then stops it. */
  private void serveLogged() throws Exception {
    serveLogged(port -> {});
  }

  private void serveLogged(WhileServing whileServing) throws Exception {
    RepoTemplate.write(dir);
    Path services = dir.resolve("features/services.yaml");
    Files.writeString(
        services, Files.readString(services).replace("sample_rate: 0.1", "sample_rate: 1.0"));
    Path csv = dir.resolve("transactions.csv");
    GeneratorOutput.write(new GeneratorConfig(20, 2, 3, START), csv);
    List<String[]> txns =
        Files.readAllLines(csv).stream().skip(1).limit(20).map(l -> l.split(",", -1)).toList();
    try (FeatureStore fs = FeatureStore.open(dir, Clock.fixed(END, ZoneOffset.UTC), Map.of())) {
      fs.apply(false);
      fs.ingest("transactions", csv);
      fs.materialize(START, END, List.of(), ProgressListener.NONE);
      Servers.Started server = Servers.start(fs, "127.0.0.1", 0);
      try {
        HttpClient http = HttpClient.newHttpClient();
        for (String[] t : txns) {
          String body = DemoSkew.requestBody(t);
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/get-online-features"))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        whileServing.run(server.port());
      } finally {
        server.stop();
      }
    }
  }

  private Run skew(String... more) {
    String[] base = {
      "skew",
      "--service",
      "fraud_detection_v1",
      "--from",
      START.toString(),
      "--to",
      END.plusSeconds(1).toString(),
      "--repo",
      dir.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return cli(all);
  }

  @Test
  void skew_overServedVectors_reportsNoMismatch_thenCatchesAChangedExpression() throws Exception {
    serveLogged();

    Run ok = skew("--max-mismatch-rate", "0");
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.out())
        .contains(
            "Service fraud_detection_v1, requests from 2026-01-01T00:00:00Z to"
                + " 2026-01-03T00:00:01Z: 20 logged rows, 0 with a mismatch (0.0000%), 0 late.")
        .contains("txn_request__is_tiny_amount");

    Path request = dir.resolve("features/request.yaml");
    Files.writeString(
        request,
        Files.readString(request).replace("request.amount < 3.0", "request.amount < 1000000.0"));
    assertThat(cli("apply", "--allow-breaking", "--repo", dir.toString()).code()).isZero();

    Run json = skew("--format", "json", "--max-mismatch-rate", "0.01");
    assertThat(json.code()).as(json.toString()).isEqualTo(4);
    assertThat(json.err())
        .startsWith("error: mismatch rate ")
        .contains("above --max-mismatch-rate 0.01");
    JsonNode report = new ObjectMapper().readTree(json.out());
    assertThat(report.get("rows").asLong()).isEqualTo(20);
    assertThat(report.get("mismatches").asLong()).isPositive();
    for (JsonNode f : report.get("features")) {
      boolean changed = f.get("feature").asText().equals("txn_request__is_tiny_amount");
      assertThat(f.get("mismatches").asLong() > 0).as(f.get("feature").asText()).isEqualTo(changed);
    }
  }

  @Test
  void skewServer_runsTheCheckInTheRunningServer_withTheSameReportAndExitCodes() throws Exception {
    serveLogged(
        port -> {
          String url = "http://127.0.0.1:" + port;
          // The server writes its log in the background (batches linger up to 1 s).
          Run json = skew("--server", url, "--format", "json");
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (new ObjectMapper().readTree(json.out()).path("rows").asLong() < 20
              && System.nanoTime() < deadline) {
            Thread.sleep(200);
            json = skew("--server", url, "--format", "json");
          }
          assertThat(json.code()).as(json.toString()).isZero();
          assertThat(new ObjectMapper().readTree(json.out()).get("rows").asLong()).isEqualTo(20);

          Run text = skew("--server", url, "--max-mismatch-rate", "0");
          assertThat(text.code()).as(text.toString()).isZero();
          assertThat(text.out())
              .startsWith(
                  "Service fraud_detection_v1, requests from 2026-01-01T00:00:00Z to"
                      + " 2026-01-03T00:00:01Z: 20 logged rows, 0 with a mismatch (0.0000%), 0"
                      + " late.")
              .contains("txn_request__is_tiny_amount");

          Run unknown = cli("skew", "--service", "nope", "--server", url);
          assertThat(unknown.code()).isEqualTo(2);
          assertThat(unknown.err())
              .startsWith("error: kairos serve at " + url + ": unknown feature service 'nope'");
        });
  }

  @Test
  void skewServer_downOrNotAUrl_exitsThreeOrTwo() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Run down = cli("skew", "--service", "s", "--server", "http://127.0.0.1:" + closed);
    assertThat(down.code()).isEqualTo(3);
    assertThat(down.err())
        .isEqualTo(
            "error: cannot reach kairos serve at http://127.0.0.1:"
                + closed
                + ": connection refused; start it or fix --server\n");
    Run notUrl = cli("skew", "--service", "s", "--server", "127.0.0.1:6566");
    assertThat(notUrl.code()).isEqualTo(2);
    assertThat(notUrl.err())
        .isEqualTo(
            "error: --server 127.0.0.1:6566 is not a server URL; give one like"
                + " http://127.0.0.1:6566\n");
  }

  /**
   * Answers a server may give besides a report: a check already running there (409) is worth asking
   * again (exit 3, not 2); a 200 that is not a report and an answer that is not Kairos' JSON exit 3
   * saying so. The request keeps the URL's path, for a server behind a proxy.
   */
  @Test
  void skewServer_busyOrNotKairos_exitsThree_andKeepsTheUrlsPath() throws Exception {
    List<String> asked = new ArrayList<>();
    String[] answer = new String[2];
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext(
        "/",
        x -> {
          asked.add(
              x.getRequestMethod()
                  + " "
                  + x.getRequestURI()
                  + " "
                  + x.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    fake.start();
    String url = "http://127.0.0.1:" + fake.getAddress().getPort() + "/kairos/";
    try {
      answer[0] = "409";
      answer[1] =
          "{\"error\":\"a skew check is already running on this server; wait for it and ask"
              + " again\",\"kind\":\"CONFLICT\",\"status\":409}";
      Run busy = cli("skew", "--service", "s", "--server", url);
      assertThat(busy.code()).as(busy.toString()).isEqualTo(3);
      assertThat(busy.err())
          .isEqualTo(
              "error: kairos serve at "
                  + url
                  + ": a skew check is already running on this server; wait for it and ask"
                  + " again\n");
      answer[0] = "200";
      answer[1] = "<html>hello</html>";
      Run html = cli("skew", "--service", "s", "--server", url);
      assertThat(html.code()).as(html.toString()).isEqualTo(3);
      assertThat(html.err())
          .isEqualTo(
              "error: kairos serve at "
                  + url
                  + " answered HTTP 200 to POST /v1/skew/check, not a skew report; is --server a"
                  + " Kairos feature server?\n");
      assertThat(asked)
          .containsExactly(
              "POST /kairos/v1/skew/check application/json {\"service\":\"s\"}",
              "POST /kairos/v1/skew/check application/json {\"service\":\"s\"}");
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void badThresholdAndUnknownService_areUserErrors() throws Exception {
    RepoTemplate.write(dir);
    assertThat(cli("apply", "--repo", dir.toString()).code()).isZero();
    Run bad = skew("--max-mismatch-rate", "2");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .isEqualTo("error: --max-mismatch-rate must be from 0 to 1 (a share of rows), not 2.0\n");
    Run unknown = cli("skew", "--service", "nope", "--repo", dir.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown feature service 'nope'");
  }
}
