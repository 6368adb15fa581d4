package dev.kairos.server;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link KairosGrpcIT} again in {@link ReadMode#ASYNC}: the request is validated on
 * the I/O thread, read through {@code getAsync} and encoded back on the I/O thread. JUnit runs this
 * {@code start} instead of the hidden one.
 */
class KairosGrpcAsyncIT extends KairosGrpcIT {
  @BeforeAll
  static void start() {
    startServer(ReadMode.ASYNC);
  }
}
