package dev.kairos.bench.materialize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The Redis store's compare-and-set script, read from the store's jar. */
final class KairosScript {
  private static final String RESOURCE = "/dev/kairos/store/redis/put-if-not-older.lua";

  private KairosScript() {}

  static String text() throws IOException {
    try (InputStream in = KairosScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
