package dev.kairos.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeySamplerTest {
  private static Map<String, Object> key(long user, String device) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("user_id", user);
    k.put("device_id", device);
    return k;
  }

  @Test
  void hash_isMurmur3x64_128() {
    // Reference value of MurmurHash3_x64_128("The quick brown fox jumps over the lazy dog", 0):
    // 6c1b07bc7bbc4be3 47939ac4a93c437a (bytes), the first 8 of them little-endian.
    assertThat(
            KeySampler.hash64(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xe34bbc7bbc071b6cL);
  }

  @Test
  void aKeySampledOnce_isAlwaysSampled_whateverTheOrderOfItsJoinKeys() {
    for (long u = 1; u <= 5_000; u++) {
      Map<String, Object> k = key(u, "d" + (u % 97));
      Map<String, Object> reversed = new LinkedHashMap<>();
      reversed.put("device_id", "d" + (u % 97));
      reversed.put("user_id", u);
      boolean first = KeySampler.sampled(k, 0.3);
      for (int i = 0; i < 3; i++) {
        assertThat(KeySampler.sampled(key(u, "d" + (u % 97)), 0.3)).isEqualTo(first);
      }
      assertThat(KeySampler.sampled(reversed, 0.3)).isEqualTo(first);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.1, 0.5, 0.9})
  void rate_isWithinBinomialTolerance_overManyKeys(double rate) {
    int n = 100_000;
    long sampled = 0;
    for (long u = 1; u <= n; u++) {
      if (KeySampler.sampled(key(u, "device-" + (u * 31 % 1013)), rate)) {
        sampled++;
      }
    }
    double sd = Math.sqrt(n * rate * (1 - rate));
    assertThat((double) sampled).isBetween(n * rate - 5 * sd, n * rate + 5 * sd);
  }

  @Test
  void raisingTheRate_onlyAddsKeys() {
    for (long u = 1; u <= 5_000; u++) {
      Map<String, Object> k = key(u, "x");
      if (KeySampler.sampled(k, 0.2)) {
        assertThat(KeySampler.sampled(k, 0.6)).isTrue();
      }
    }
  }

  @Test
  void rateZero_samplesNothing_andRateOne_everything() {
    for (long u = 1; u <= 1_000; u++) {
      assertThat(KeySampler.sampled(key(u, "x"), 0.0)).isFalse();
      assertThat(KeySampler.sampled(key(u, "x"), 1.0)).isTrue();
    }
  }

  @Test
  void keyBytes_dependOnTypedTextForm_notOnJavaHashCodes() {
    assertThat(new String(KeySampler.canonical(key(7, "a")), StandardCharsets.UTF_8))
        .isEqualTo("device_id\0a\0user_id\0007\0");
  }
}
