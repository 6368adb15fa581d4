package dev.kairos.store.redis;

import dev.kairos.api.EntityKey;
import dev.kairos.spi.codec.RowCodec;
import java.nio.charset.StandardCharsets;

/**
 * The key layout: {@code {<prefix>:<project>:<hex of entity key bytes>}:<view>}. The braces are a
 * Redis Cluster hash tag, so every view of one entity lives in one slot; hex keeps binary key bytes
 * (which may contain '}') out of the tag.
 */
final class RedisKeys {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final String prefix;
  private final String project;
  private final byte[] head;

  RedisKeys(String prefix, String project) {
    this.prefix = prefix;
    this.project = project;
    this.head = ("{" + prefix + ":" + project + ":").getBytes(StandardCharsets.UTF_8);
  }

  /** The suffix {@code }:<view>} every key of the view ends with. */
  static byte[] tail(String view) {
    return ("}:" + view).getBytes(StandardCharsets.UTF_8);
  }

  byte[] key(EntityKey key, byte[] tail) {
    byte[] k = RowCodec.encodeKey(key);
    byte[] out = new byte[head.length + 2 * k.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    int p = head.length;
    for (byte b : k) {
      out[p++] = HEX[(b >> 4) & 0xF];
      out[p++] = HEX[b & 0xF];
    }
    System.arraycopy(tail, 0, out, p, tail.length);
    return out;
  }

  /** A SCAN pattern matching every key of the view in this project. */
  String viewPattern(String view) {
    return "{" + glob(prefix) + ":" + glob(project) + ":*}:" + glob(view);
  }

  private static String glob(String s) {
    return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
