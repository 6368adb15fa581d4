package dev.kairos.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class StreamedSeqTest {

  @Test
  void of_firstRecordOfFirstPartition_isTheBase() {
    assertThat(StreamedSeq.of(0, 0)).isEqualTo(OfflineStore.STREAMED_SEQ_BASE).isEqualTo(1L << 62);
  }

  @Test
  void of_lastRecordOfLastPartition_isLongMaxValue() {
    assertThat(StreamedSeq.of(StreamedSeq.MAX_PARTITIONS - 1, StreamedSeq.MAX_OFFSET - 1))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void of_ordersByPartitionThenOffset() {
    assertThat(StreamedSeq.of(0, 7)).isLessThan(StreamedSeq.of(0, 8));
    assertThat(StreamedSeq.of(0, StreamedSeq.MAX_OFFSET - 1)).isLessThan(StreamedSeq.of(1, 0));
  }

  @Test
  void of_rejectsOutOfRangeCoordinates() {
    assertThatThrownBy(() -> StreamedSeq.of(1 << 20, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partition 1048576 is out of range; it must be within 0..1048575");
    assertThatThrownBy(() -> StreamedSeq.of(-1, 0))
        .hasMessage("partition -1 is out of range; it must be within 0..1048575");
    assertThatThrownBy(() -> StreamedSeq.of(0, 1L << 42))
        .hasMessage("offset 4398046511104 is out of range; it must be within 0..4398046511103");
    assertThatThrownBy(() -> StreamedSeq.of(0, -1))
        .hasMessage("offset -1 is out of range; it must be within 0..4398046511103");
  }

  @Test
  void partitionAndOffset_rejectBatchSequences() {
    assertThatThrownBy(() -> StreamedSeq.offset(17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sequence 17 is below STREAMED_SEQ_BASE; it was not assigned to a streamed record");
  }

  @Test
  void describe_namesCoordinates_orTheBatchSequence() {
    assertThat(StreamedSeq.describe(StreamedSeq.of(3, 1200))).isEqualTo("partition 3 offset 1200");
    assertThat(StreamedSeq.describe(17)).isEqualTo("batch sequence 17");
  }

  @Property
  void partitionAndOffset_invertOf(
      @ForAll @IntRange(min = 0, max = (1 << 20) - 1) int partition,
      @ForAll @LongRange(min = 0, max = (1L << 42) - 1) long offset) {
    long seq = StreamedSeq.of(partition, offset);
    assertThat(StreamedSeq.isStreamed(seq)).isTrue();
    assertThat(StreamedSeq.partition(seq)).isEqualTo(partition);
    assertThat(StreamedSeq.offset(seq)).isEqualTo(offset);
  }

  @Test
  void checkSequenced_rejectsSequencesBelowTheBase_andLengthMismatch() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[0]);
    rows.add(new Object[0]);
    assertThatThrownBy(
            () -> OfflineStore.checkSequenced(rows, new long[] {StreamedSeq.of(0, 1), 5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sequence 5 of row 2 is below STREAMED_SEQ_BASE (4611686018427387904);"
                + " caller-given sequences must come from StreamedSeq");
    assertThatThrownBy(() -> OfflineStore.checkSequenced(rows, new long[] {StreamedSeq.of(0, 1)}))
        .hasMessage("2 rows but 1 sequences; give one sequence per row");
  }
}
