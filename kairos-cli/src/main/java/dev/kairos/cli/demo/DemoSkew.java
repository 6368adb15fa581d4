package dev.kairos.cli.demo;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.FeatureStore;
import dev.kairos.monitor.SkewCheck;
import dev.kairos.monitor.SkewReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The demo's skew step: the model's feature service requested as a client would score transactions,
 * then, once the server has stopped and flushed its feature log, the same check as {@code kairos
 * skew}.
 */
public final class DemoSkew {
  public static final String SERVICE = "fraud_detection_v1";

  private final PrintStream out;

  DemoSkew(PrintStream out) {
    this.out = out;
  }

  /**
   * Requests {@value #SERVICE} over HTTP for the last {@code n} transactions of the file, with
   * their request data, one transaction per request; returns how many answered 200.
   */
  int serve(int port, Path transactions, int n) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/get-online-features");
    int ok = 0;
    for (String[] t : DemoFiles.lastRows(transactions, n)) {
      String body = requestBody(t);
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          ok++;
        }
      } catch (IOException e) {
        throw new KairosException(
            ErrorKind.UNAVAILABLE, "the demo's feature server stopped answering: " + e, e);
      }
    }
    out.printf(
        "  %d of %d %s requests answered (1 transaction each, with its request data); the server"
            + " logs the users its key-consistent sample picks%n",
        ok, n, SERVICE);
    return ok;
  }

  /**
   * A {@value #SERVICE} request for one row of a generated transactions file (the generator's
   * columns), with the transaction's request data: what a client scoring it sends.
   */
  public static String requestBody(String[] t) {
    return String.format(
        Locale.ROOT,
        "{\"feature_service\":\"%s\",\"entities\":{\"user_id\":[%s],\"merchant_id\":[%s],"
            + "\"device_id\":[\"%s\"]},\"request_context\":{\"amount\":[%s],\"country\":"
            + "[\"%s\"],\"merchant_category\":[\"%s\"]}}",
        SERVICE,
        t[1],
        t[2],
        t[7],
        t[4],
        t[6],
        t[3]);
  }

  /** Runs and stores the check of everything logged from {@code from} to {@code to}. */
  String check(FeatureStore fs, Instant from, Instant to) {
    SkewReport r = new SkewCheck(fs).runAndStore(SERVICE, from, to);
    out.printf(
        Locale.ROOT,
        "  %,d logged rows recomputed through point-in-time retrieval: %,d with a mismatch, %,d"
            + " late, over %d features (plain, aggregated, request-time)%n",
        r.rows(),
        r.mismatches(),
        r.late(),
        r.features().size());
    for (SkewReport.FeatureSkew f : r.features()) {
      if (f.mismatches() > 0) {
        out.printf(
            Locale.ROOT,
            "  %s: %d of %d disagree (value %d, served null only %d, recomputed null only %d)%n",
            f.feature(),
            f.mismatches(),
            f.total(),
            f.valueMismatches(),
            f.servedNullOnly(),
            f.recomputedNullOnly());
      }
    }
    return String.format(
        Locale.ROOT,
        "skew check of %s: %,d logged rows, %,d mismatches (kairos skew --service %s)",
        SERVICE,
        r.rows(),
        r.mismatches(),
        SERVICE);
  }
}
