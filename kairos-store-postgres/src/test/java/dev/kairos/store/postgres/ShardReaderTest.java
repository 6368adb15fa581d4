package dev.kairos.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShardReaderTest {
  /** Stream {@code shard} of {@code k} yields the numbers shard, shard + k, … below {@code n}. */
  private static ShardReader.Stream dealt(int shard, int k, int n) {
    return sink -> {
      for (int i = shard; i < n; i += k) {
        sink.accept(new Object[] {i});
      }
    };
  }

  @Test
  void rowsDealtRoundRobin_comeBackInTheirOriginalOrder() throws Exception {
    int n = 50_001; // many batches per stream, more than a stream may run ahead
    List<Object> seen = new ArrayList<>();
    try (ShardReader reader = new ShardReader("test", 3)) {
      for (int s = 0; s < 3; s++) {
        reader.start(dealt(s, 3, n));
      }
      for (int i = 0; i < n; i++) {
        seen.add(reader.next(i % 3)[0]);
      }
    }
    assertThat(seen).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
  }

  @Test
  void aStreamsFailure_isRethrownToTheCaller() {
    try (ShardReader reader = new ShardReader("test", 2)) {
      reader.start(dealt(0, 2, 10));
      reader.start(
          sink -> {
            sink.accept(new Object[] {1});
            throw new SQLException("relation \"x\" does not exist");
          });
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 10; i++) {
                  reader.next(i % 2);
                }
              })
          .isInstanceOf(SQLException.class)
          .hasMessage("relation \"x\" does not exist");
    }
  }

  @Test
  void aStreamThatEndsEarly_isAnError_notAHang() {
    try (ShardReader reader = new ShardReader("test", 1)) {
      reader.start(dealt(0, 1, 2));
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 3; i++) {
                  reader.next(0);
                }
              })
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("ended before its last row");
    }
  }

  @Test
  void close_stopsStreamsThatWaitInTheDatabase_andOnesBlockedOnAFullQueue() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    ShardReader reader = new ShardReader("closing-test", 2);
    reader.start(dealt(0, 1, 1_000_000)); // fills its queue, then waits for the caller
    reader.start(
        sink -> {
          try { // stands for a query in the database, which only its cancel hook stops
            assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new SQLException("canceling statement due to user request");
        });
    reader.onClose(cancelled::countDown);
    assertThat(reader.next(0)[0]).isEqualTo(0);

    long start = System.nanoTime();
    reader.close();

    assertThat(cancelled.getCount()).isZero();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("closing-test-") && t.isAlive());
  }
}
