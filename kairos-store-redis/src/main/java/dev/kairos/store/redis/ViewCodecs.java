package dev.kairos.store.redis;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.codec.RowCodec;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the standalone and the cluster Redis stores share: each view's row codec and key suffix, the
 * encoding of a chunk of rows into one call of the write script, and the decoding of reads.
 */
final class ViewCodecs {
  /** The write script: compares each row with the stored one and keeps the newer. */
  static final String SCRIPT = loadScript("put-if-not-older.lua");

  /** The compare-and-set script: writes each row whose stored value is still the expected one. */
  static final String CAS_SCRIPT = loadScript("put-if-unchanged.lua");

  private static final byte[] ABSENT = new byte[0];

  record Codec(List<Field> features, RowCodec codec, byte[] tail) {}

  /** One script call's rows: {@code KEYS} and {@code ARGV} (the expiry, then one value per key). */
  record Chunk(byte[][] keys, byte[][] args) {}

  private final RedisKeys keys;
  private final Map<String, Codec> codecs = new ConcurrentHashMap<>();

  ViewCodecs(RedisKeys keys) {
    this.keys = keys;
  }

  RedisKeys keys() {
    return keys;
  }

  /** The view's codec, rebuilt when its features changed. */
  Codec codec(FeatureView view) {
    Codec c = codecs.get(view.name());
    if (c == null || !c.features().equals(view.features())) {
      c = new Codec(view.features(), RowCodec.forView(view), RedisKeys.tail(view.name()));
      codecs.put(view.name(), c);
    }
    return c;
  }

  /** The script's expiry argument: the view's TTL in ms with {@code ttl_expiry}, else 0 (none). */
  static byte[] ttlArg(FeatureView view, boolean ttlExpiry) {
    long ttl = ttlExpiry && !view.hasNoTtl() ? view.ttl().toMillis() : 0;
    return Long.toString(ttl).getBytes(StandardCharsets.US_ASCII);
  }

  Chunk encode(Codec c, List<OnlineRow> rows, byte[] ttlArg) {
    int n = rows.size();
    byte[][] k = new byte[n][];
    byte[][] a = new byte[n + 1][];
    a[0] = ttlArg;
    for (int i = 0; i < n; i++) {
      OnlineRow row = rows.get(i);
      k[i] = keys.key(row.key(), c.tail());
      a[i + 1] = c.codec().encode(row);
    }
    return new Chunk(k, a);
  }

  /**
   * One compare-and-set script call: {@code ARGV} is the expiry, then per row its expected value
   * (empty for "nothing stored") and its new value.
   */
  Chunk encodeIfUnchanged(
      Codec c, List<OnlineRow> rows, List<OnlineRow> expected, int[] at, byte[] ttlArg) {
    int n = at.length;
    byte[][] k = new byte[n][];
    byte[][] a = new byte[2 * n + 1][];
    a[0] = ttlArg;
    for (int i = 0; i < n; i++) {
      int row = at[i];
      k[i] = keys.key(rows.get(row).key(), c.tail());
      OnlineRow old = expected.get(row);
      a[2 * i + 1] = old == null ? ABSENT : c.codec().encode(old);
      a[2 * i + 2] = c.codec().encode(rows.get(row));
    }
    return new Chunk(k, a);
  }

  /** Checks the arguments of a compare-and-set the same way for both Redis stores. */
  static void checkSameSize(List<OnlineRow> rows, List<OnlineRow> expected) {
    if (rows.size() != expected.size()) {
      throw new IllegalArgumentException(
          rows.size() + " rows but " + expected.size() + " expected rows; give one per row");
    }
  }

  byte[][] keysOf(Codec c, List<EntityKey> entityKeys, int from, int n) {
    byte[][] k = new byte[n][];
    for (int i = 0; i < n; i++) {
      k[i] = keys.key(entityKeys.get(from + i), c.tail());
    }
    return k;
  }

  /** The rows of completed {@code MGET}s, one per key in key order, null where none is stored. */
  static List<OnlineRow> decode(
      Codec c,
      List<EntityKey> entityKeys,
      List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures) {
    List<OnlineRow> out = new ArrayList<>(entityKeys.size());
    for (RedisFuture<List<KeyValue<byte[], byte[]>>> f : futures) {
      for (KeyValue<byte[], byte[]> kv : f.toCompletableFuture().getNow(List.of())) {
        EntityKey key = entityKeys.get(out.size());
        out.add(kv.hasValue() ? c.codec().decode(key, kv.getValue()) : null);
      }
    }
    return out;
  }

  /**
   * The rows of {@code MGET}s once all have answered, without waiting: the future fails with the
   * store's UNAVAILABLE exception when one failed or timed out.
   */
  static CompletableFuture<List<OnlineRow>> decodeWhenDone(
      Codec c,
      List<EntityKey> entityKeys,
      List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures,
      long timeoutMs,
      String where) {
    CompletableFuture<?>[] all = new CompletableFuture<?>[futures.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = futures.get(i).toCompletableFuture();
    }
    return CompletableFuture.allOf(all)
        .handle(
            (done, error) -> {
              if (error != null) {
                throw Await.failure(error, timeoutMs, where);
              }
              return decode(c, entityKeys, futures);
            });
  }

  private static String loadScript(String name) {
    try (InputStream in = ViewCodecs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }
}
