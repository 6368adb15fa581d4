package dev.kairos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.KairosException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  @Test
  void itemsArriveInTheSourcesOrder_acrossManyChunks() {
    List<Integer> seen = new ArrayList<>();
    try (ReadAhead<Integer> ahead =
        ReadAhead.start("test-order", IntStream.range(0, 20_001).iterator())) {
      ahead.forEachRemaining(seen::add);
      assertThat(ahead.hasNext()).isFalse();
      assertThatThrownBy(ahead::next).isInstanceOf(NoSuchElementException.class);
    }
    assertThat(seen).hasSize(20_001);
    for (int i = 0; i < seen.size(); i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
  }

  @Test
  void aSourceFailure_arrivesAfterEveryItemBeforeIt() {
    Iterator<Integer> failing =
        new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            if (i == 3_000) {
              throw KairosException.user("entities.csv:3002: field 'user_id': not a whole number");
            }
            return i++;
          }
        };
    List<Integer> seen = new ArrayList<>();
    try (ReadAhead<Integer> ahead = ReadAhead.start("test-failure", failing)) {
      assertThatThrownBy(() -> ahead.forEachRemaining(seen::add))
          .isInstanceOf(KairosException.class)
          .hasMessage("entities.csv:3002: field 'user_id': not a whole number");
    }
    assertThat(seen).hasSize(3_000).endsWith(2_999);
  }

  @Test
  void close_stopsAProducerWaitingOnAFullQueue() {
    Iterator<Integer> endless = IntStream.iterate(0, i -> i + 1).iterator();
    ReadAhead<Integer> ahead = ReadAhead.start("test-close", endless);
    assertThat(ahead.next()).isZero();

    ahead.close(); // returns only once the producer thread has ended

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("test-close") && t.isAlive());
  }
}
