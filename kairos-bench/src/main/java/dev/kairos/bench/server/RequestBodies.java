package dev.kairos.bench.server;

import dev.kairos.api.EntityKey;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.Value;
import dev.kairos.spi.codec.RowCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Writes the request bodies the load generators replay, for users 1..ROWS and the service {@code
 * bench}: {@code grpc-ROWS.bin}, a gRPC length-prefixed frame of Kairos' {@code
 * GetOnlineFeaturesRequest} (for {@code h2load -d}), {@code json-ROWS.json}, Feast's JSON request
 * for {@code POST /get-online-features}, and {@code wrk-ROWS.lua}, a wrk script posting that JSON
 * and printing p50/p99/p99.9 and the rate when done. With a Redis key prefix and project it also
 * writes {@code keys-ROWS.txt}, the Redis keys of those users' rows (the layout of {@code
 * docs/online-encoding.md}), for the raw Redis baseline.
 *
 * <pre>java -cp benchmarks.jar dev.kairos.bench.server.RequestBodies DIR ROWS [KEY_PREFIX PROJECT]
 * </pre>
 */
public final class RequestBodies {
  private RequestBodies() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && args.length != 4) {
      System.err.println("usage: RequestBodies DIR ROWS [KEY_PREFIX PROJECT]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    Files.createDirectories(dir);
    Files.write(dir.resolve("grpc-" + rows + ".bin"), grpcFrame(rows));
    String json = json(rows);
    Files.writeString(dir.resolve("json-" + rows + ".json"), json);
    Files.writeString(dir.resolve("wrk-" + rows + ".lua"), wrkScript(json));
    if (args.length == 4) {
      StringBuilder keys = new StringBuilder();
      for (long id = 1; id <= rows; id++) {
        keys.append(redisKey(args[2], args[3], id)).append('\n');
      }
      Files.writeString(dir.resolve("keys-" + rows + ".txt"), keys);
    }
  }

  /** {@code {<prefix>:<project>:<hex of the encoded entity key>}:user_features}. */
  static String redisKey(String prefix, String project, long userId) {
    return "{"
        + prefix
        + ":"
        + project
        + ":"
        + HexFormat.of().formatHex(RowCodec.encodeKey(EntityKey.of(userId)))
        + "}:user_features";
  }

  static byte[] grpcFrame(int rows) {
    EntityColumn.Builder ids = EntityColumn.newBuilder();
    for (int id = 1; id <= rows; id++) {
      ids.addValues(Value.newBuilder().setInt64Value(id));
    }
    byte[] message =
        GetOnlineFeaturesRequest.newBuilder()
            .setFeatureService("bench")
            .putEntities("user_id", ids.build())
            .build()
            .toByteArray();
    // gRPC framing: one byte "not compressed", four bytes big-endian length, the message.
    return ByteBuffer.allocate(5 + message.length)
        .put((byte) 0)
        .putInt(message.length)
        .put(message)
        .array();
  }

  static String json(int rows) {
    StringBuilder ids = new StringBuilder();
    for (int id = 1; id <= rows; id++) {
      ids.append(id == 1 ? "" : ",").append(id);
    }
    return "{\"feature_service\":\"bench\",\"entities\":{\"user_id\":[" + ids + "]}}";
  }

  private static String wrkScript(String json) {
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.body = '"
        + json
        + "'\n"
        + "function done(summary, latency, requests)\n"
        + "  io.write(string.format(\"WRK rps=%.1f p50_us=%d p99_us=%d p999_us=%d errors=%d\\n\",\n"
        + "    summary.requests / (summary.duration / 1e6), latency:percentile(50),\n"
        + "    latency:percentile(99), latency:percentile(99.9),\n"
        + "    summary.errors.status + summary.errors.connect + summary.errors.read\n"
        + "      + summary.errors.write + summary.errors.timeout))\n"
        + "end\n";
  }
}
