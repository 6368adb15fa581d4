package dev.kairos.bench.server;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.core.online.OnlineServingEngine;
import dev.kairos.server.internal.FeastCodec;
import dev.kairos.server.internal.JsonCodec;
import dev.kairos.server.internal.KairosCodec;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.codec.RowCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's hot path without the network: the serving engine over a store that decodes encoded
 * rows held in memory (so the row codec's decode is included, as with RocksDB and Redis), then the
 * gRPC and JSON encoding of the answer; and the decode of one 50-feature row alone.
 *
 * <pre>java -jar kairos-bench/target/benchmarks.jar ServingPathBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServingPathBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

  @Param({"1", "100"})
  int rows;

  private OnlineServingEngine engine;
  private OnlineQuery query;
  private OnlineResult result;
  private RowCodec codec;
  private byte[] encodedRow;
  private EntityKey firstKey;

  /** Encoded rows in a map: what RocksDB and Redis hand back, minus the I/O. */
  private static final class EncodedStore implements OnlineStore {
    private final Map<EntityKey, byte[]> rows = new HashMap<>();
    private final RowCodec codec;

    EncodedStore(RowCodec codec) {
      this.codec = codec;
    }

    @Override
    public void multiPut(FeatureView view, List<OnlineRow> batch) {
      batch.forEach(r -> rows.put(r.key(), codec.encode(r)));
    }

    @Override
    public List<Boolean> multiPutIfUnchanged(
        FeatureView view, List<OnlineRow> batch, List<OnlineRow> expected) {
      throw new UnsupportedOperationException("the serving benchmark only reads");
    }

    @Override
    public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
      List<OnlineRow> out = new ArrayList<>(keys.size());
      for (EntityKey k : keys) {
        byte[] v = rows.get(k);
        out.add(v == null ? null : codec.decode(k, v));
      }
      return out;
    }

    @Override
    public void deleteView(FeatureView view) {
      rows.clear();
    }

    @Override
    public void close() {}
  }

  @Setup
  public void setUp() {
    List<Field> features = new ArrayList<>();
    ValueType[] types = {
      ValueType.DOUBLE, ValueType.INT64, ValueType.FLOAT, ValueType.STRING, ValueType.BOOL
    };
    for (int f = 0; f < 50; f++) {
      features.add(new Field(BenchRepo.name(f), types[f % types.length]));
    }
    FeatureView view =
        new FeatureView(
            "user_features",
            List.of("user"),
            "user_stats",
            Duration.ofDays(30),
            features,
            true,
            Map.of(),
            "",
            "");
    List<Field> sourceFields = new ArrayList<>(features);
    sourceFields.add(0, new Field("user_id", ValueType.INT64));
    sourceFields.add(1, new Field("event_timestamp", ValueType.TIMESTAMP));
    Definitions defs =
        new Definitions(
            "serverbench",
            List.of(new Entity("user", List.of("user_id"), ValueType.INT64, "")),
            List.of(
                new Source(
                    "user_stats", "user_stats", sourceFields, "event_timestamp", null, null, null)),
            List.of(view),
            List.of(
                new FeatureService("bench", List.of(new FeatureRef("user_features", "*")), "")));
    codec = RowCodec.forView(view);
    EncodedStore store = new EncodedStore(codec);
    List<OnlineRow> stored = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      Object[] values = new Object[50];
      for (int f = 0; f < 50; f++) {
        values[f] =
            switch (types[f % types.length]) {
              case DOUBLE -> id * 0.5 + f;
              case INT64 -> id * 1000 + f;
              case FLOAT -> (float) (id * 0.25);
              case STRING -> "cat_" + (id % 1000);
              default -> id % 2 == 0;
            };
      }
      stored.add(new OnlineRow(EntityKey.of(id), values, NOW.minusSeconds(3600), null));
    }
    store.multiPut(view, stored);
    engine = new OnlineServingEngine(() -> defs, store, Clock.fixed(NOW, ZoneOffset.UTC), 1000);
    List<Object> ids = new ArrayList<>();
    for (long id = 1; id <= rows; id++) {
      ids.add(id);
    }
    query = new OnlineQuery(List.of(), "bench", Map.of("user_id", ids), false);
    result = engine.get(query);
    firstKey = EntityKey.of(1L);
    encodedRow = codec.encode(stored.get(0));
  }

  @Benchmark
  public OnlineResult engineGet() {
    return engine.get(query);
  }

  @Benchmark
  public byte[] engineGetAndEncodeGrpc() {
    return KairosCodec.response(engine.get(query)).toByteArray();
  }

  @Benchmark
  public byte[] engineGetAndEncodeFeastGrpc() {
    return FeastCodec.response(engine.get(query)).toByteArray();
  }

  /** As the server does: into a pooled buffer, released once written. */
  @Benchmark
  public int encodeJson() {
    return pooled(out -> JsonCodec.feastResponse(result, out));
  }

  @Benchmark
  public int encodeRestJson() {
    return pooled(out -> JsonCodec.kairosResponse(result, out));
  }

  private static int pooled(Consumer<OutputStream> encoder) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(4096);
    try {
      encoder.accept(new ByteBufOutputStream(buf));
      return buf.readableBytes();
    } finally {
      buf.release();
    }
  }

  @Benchmark
  public OnlineRow decodeRow() {
    return codec.decode(firstKey, encodedRow);
  }
}
