package dev.kairos.core.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.KairosException;
import dev.kairos.core.io.TabularWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

  /** Records rows; fails on the row whose first value is {@code failAt}. */
  static final class Recording implements TabularWriter {
    final List<Object> seen = new ArrayList<>();
    final long failAt;

    Recording(long failAt) {
      this.failAt = failAt;
    }

    @Override
    public void write(Object[] row) {
      if ((long) row[0] == failAt) {
        throw KairosException.user("disk full at row " + failAt);
      }
      seen.add(row[0]);
    }

    @Override
    public long rows() {
      return seen.size();
    }

    @Override
    public void close() {}
  }

  @Test
  void finish_writesEveryRowInOrder() {
    Recording w = new Recording(-1);
    try (WriteBehind behind = new WriteBehind(w)) {
      for (long i = 0; i < 10_000; i++) {
        behind.accept(new Object[] {i});
      }
      behind.finish();
    }
    assertThat(w.seen).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(w.seen.get(i)).isEqualTo((long) i);
    }
  }

  @Test
  void aWriterFailure_isThrownToTheProducer_andStopsIt() {
    Recording w = new Recording(5_000);
    assertThatThrownBy(
            () -> {
              try (WriteBehind behind = new WriteBehind(w)) {
                for (long i = 0; i < 1_000_000; i++) {
                  behind.accept(new Object[] {i});
                }
                behind.finish();
              }
            })
        .isInstanceOf(KairosException.class)
        .hasMessage("disk full at row 5000");
    assertThat(w.seen).hasSize(5_000);
  }

  @Test
  void close_withoutFinish_stopsTheWriterThread() {
    Recording w = new Recording(-1);
    WriteBehind behind = new WriteBehind(w);
    behind.accept(new Object[] {1L});
    behind.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("kairos-write-behind") && t.isAlive());
  }
}
