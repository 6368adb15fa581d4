package dev.kairos.monitor;

import dev.kairos.core.io.ValueText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key-consistent sampling: whether an entity row is logged depends only on its entity key and the
 * rate, so every request of a sampled key is logged and a key's history can be compared whole.
 *
 * <p>The key's canonical bytes are, for each join key in name order, the name, a 0 byte, the
 * value's text form ({@link ValueText#format}) and a 0 byte, in UTF-8. They are hashed with
 * MurmurHash3 (x64, 128-bit, seed 0; the first 64 bits); the top 53 bits as a fraction in [0, 1)
 * are compared to the rate: a row is sampled when the fraction is below it. Rate 1.0 samples
 * everything, 0.0 nothing; raising the rate only adds keys. The hash is stable across JVMs,
 * versions and machines, unlike {@code String.hashCode}.
 */
public final class KeySampler {
  private static final double UNIT = 0x1.0p-53;

  private KeySampler() {}

  /** True when the row with these join key values is logged at {@code rate}. */
  public static boolean sampled(Map<String, ?> key, double rate) {
    if (rate >= 1.0) {
      return true;
    }
    if (rate <= 0.0) {
      return false;
    }
    return fraction(key) < rate;
  }

  /** The key's position in [0, 1): uniform over keys, fixed for a key. */
  public static double fraction(Map<String, ?> key) {
    return (hash64(canonical(key)) >>> 11) * UNIT;
  }

  static byte[] canonical(Map<String, ?> key) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ?> e : new TreeMap<>(key).entrySet()) {
      sb.append(e.getKey()).append('\0');
      Object v = e.getValue();
      sb.append(v == null ? "" : ValueText.format(v)).append('\0');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** MurmurHash3 x64 128-bit with seed 0, first half. */
  static long hash64(byte[] data) {
    final long c1 = 0x87c37b91114253d5L;
    final long c2 = 0x4cf5ad432745937fL;
    long h1 = 0;
    long h2 = 0;
    int blocks = data.length / 16;
    for (int i = 0; i < blocks; i++) {
      long k1 = getLong(data, i * 16);
      long k2 = getLong(data, i * 16 + 8);
      k1 *= c1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= c2;
      h1 ^= k1;
      h1 = Long.rotateLeft(h1, 27);
      h1 += h2;
      h1 = h1 * 5 + 0x52dce729;
      k2 *= c2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= c1;
      h2 ^= k2;
      h2 = Long.rotateLeft(h2, 31);
      h2 += h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    int tail = blocks * 16;
    int rest = data.length & 15;
    for (int i = rest - 1; i >= 8; i--) {
      k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
    }
    if (rest > 8) {
      k2 *= c2;
      k2 = Long.rotateLeft(k2, 33);
      k2 *= c1;
      h2 ^= k2;
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 ^= (data[tail + i] & 0xffL) << (i * 8);
    }
    if (rest > 0) {
      k1 *= c1;
      k1 = Long.rotateLeft(k1, 31);
      k1 *= c2;
      h1 ^= k1;
    }
    h1 ^= data.length;
    h2 ^= data.length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    return h1;
  }

  private static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
