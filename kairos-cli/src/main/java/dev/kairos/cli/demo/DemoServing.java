package dev.kairos.cli.demo;

import com.linecorp.armeria.client.grpc.GrpcClients;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.FeatureRefs;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The demo's conversation with a running feature server: gRPC, HTTP and a load burst. */
final class DemoServing {
  private final PrintStream out;
  private final int port;
  private final KairosServingGrpc.KairosServingBlockingStub grpc;

  /**
   * Aggregated features of two entities in one request, with short names: the template's names are
   * unique, so no endpoint needs full_feature_names. (The whole fraud_detection_v1 service also
   * needs the device and the request data of the transaction being scored.)
   */
  static final List<String> SERVED =
      List.of(
          "user_txn_windows:amount_count_10m",
          "user_txn_windows:amount_sum_1h",
          "merchant_windows:merchant_txn_count_1h");

  DemoServing(PrintStream out, int port) {
    this.out = out;
    this.port = port;
    this.grpc =
        GrpcClients.newClient(
            "http://127.0.0.1:" + port, KairosServingGrpc.KairosServingBlockingStub.class);
  }

  void queryGrpc(List<long[]> pairs) {
    GetOnlineFeaturesRequest.Builder req =
        GetOnlineFeaturesRequest.newBuilder()
            .setFeatures(FeatureRefs.newBuilder().addAllRefs(SERVED));
    EntityColumn.Builder users = EntityColumn.newBuilder();
    EntityColumn.Builder merchants = EntityColumn.newBuilder();
    for (long[] p : pairs) {
      users.addValues(Value.newBuilder().setInt64Value(p[0]));
      merchants.addValues(Value.newBuilder().setInt64Value(p[1]));
    }
    req.putEntities("user_id", users.build()).putEntities("merchant_id", merchants.build());
    GetOnlineFeaturesResponse resp = grpc.getOnlineFeatures(req.build());
    out.printf(
        "  gRPC kairos.serving.v1.KairosServing/GetOnlineFeatures -> %d rows x %d columns%n",
        resp.getResultsCount(), resp.getNamesCount());
    for (int r = 0; r < resp.getResultsCount(); r++) {
      StringBuilder line = new StringBuilder("    ");
      for (int c = 0; c < resp.getNamesCount(); c++) {
        var v = resp.getResults(r).getValues(c);
        line.append(resp.getNames(c)).append('=').append(text(v.getValue())).append(' ');
        if (c > 1) {
          line.append('(').append(v.getStatus()).append(") ");
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  void queryHttp(long userId, long merchantId) throws IOException, InterruptedException {
    String body =
        "{\"features\":[\""
            + String.join("\",\"", SERVED)
            + "\"],\"entities\":{\"user_id\":["
            + userId
            + "],\"merchant_id\":["
            + merchantId
            + "]}}";
    out.printf("  $ curl -s -X POST localhost:%d/get-online-features -d '%s'%n", port, body);
    HttpResponse<String> resp =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/get-online-features"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("content-type", "application/json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String text = resp.body().replaceAll("\\s+", " ");
    out.printf(
        "  HTTP %d: %s%n",
        resp.statusCode(), text.length() > 300 ? text.substring(0, 300) + " ..." : text);
  }

  /**
   * Sends single-entity requests from two threads for {@code seconds} and reports latency, after a
   * three-second warm-up (JIT compilation of client and server, connection set-up) that is not
   * counted.
   */
  void loadBurst(int users, double seconds) throws InterruptedException {
    run(users, System.nanoTime() + 3_000_000_000L, new SplittableRandom(-1), new AtomicLong());
    int threads = 2;
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long[][] latencies = new long[threads][];
    AtomicLong errors = new AtomicLong();
    Thread[] workers = new Thread[threads];
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          new Thread(
              () -> latencies[id] = run(users, deadline, new SplittableRandom(id), errors),
              "demo-load-" + t);
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double took = (System.nanoTime() - started) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    out.printf(
        Locale.ROOT,
        "  load burst: %,d requests (1 user x 5 features, gRPC, 2 client threads) in %.1f s = %,.0f req/s;"
            + " p50 %.3f ms, p99 %.3f ms, errors %d (client and server share this machine's cores)%n",
        all.length,
        took,
        all.length / took,
        pct(all, 0.50),
        pct(all, 0.99),
        errors.get());
  }

  private long[] run(int users, long deadline, SplittableRandom rnd, AtomicLong errors) {
    long[] lat = new long[1 << 16];
    int n = 0;
    FeatureRefs refs = FeatureRefs.newBuilder().addRefs("user_last_transaction:*").build();
    while (System.nanoTime() < deadline) {
      GetOnlineFeaturesRequest req =
          GetOnlineFeaturesRequest.newBuilder()
              .setFeatures(refs)
              .putEntities(
                  "user_id",
                  EntityColumn.newBuilder()
                      .addValues(Value.newBuilder().setInt64Value(1 + rnd.nextInt(users)))
                      .build())
              .build();
      long t0 = System.nanoTime();
      try {
        grpc.getOnlineFeatures(req);
      } catch (RuntimeException e) {
        errors.incrementAndGet();
      }
      if (n == lat.length) {
        lat = Arrays.copyOf(lat, n * 2);
      }
      lat[n++] = System.nanoTime() - t0;
    }
    return Arrays.copyOf(lat, n);
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }

  private static String text(Value v) {
    return switch (v.getKindCase()) {
      case INT64_VALUE -> String.valueOf(v.getInt64Value());
      case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
      case STRING_VALUE -> v.getStringValue();
      case KIND_NOT_SET -> "null";
      default -> v.toString().trim();
    };
  }
}
