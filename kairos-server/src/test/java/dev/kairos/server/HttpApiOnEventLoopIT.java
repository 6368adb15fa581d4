package dev.kairos.server;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every HTTP test again, with reads answered on the I/O thread that received the request, as the
 * server does for an embedded store. JUnit runs this {@code start} instead of the hidden one.
 */
class HttpApiOnEventLoopIT extends HttpApiIT {
  @BeforeAll
  static void start() {
    startServer(ReadMode.INLINE);
  }
}
