package dev.kairos.spi;

/**
 * Ingestion sequences for streamed rows, deterministic from a Kafka record's coordinates: {@code
 * STREAMED_SEQ_BASE + (partition << 42) + offset}. A replayed record gets the same sequence, so
 * {@link OfflineStore#appendSequenced} skips it, and aggregation state deduplicates it.
 *
 * <p>Bounds: {@code 0 <= partition < 2^20} and {@code 0 <= offset < 2^42} (about 4.4 trillion
 * records per partition). Within a partition, later offsets get greater sequences; across
 * partitions, sequences order by partition first, which says nothing about arrival time: only rows
 * with identical event and created timestamps are ordered by sequence at all.
 *
 * <p>One topic per source: two topics feeding one source would map different records to the same
 * sequence.
 */
public final class StreamedSeq {
  /** Bits of the offset; the partition takes the {@value} bits above it. */
  public static final int OFFSET_BITS = 42;

  /** Exclusive upper bound of a partition number, {@code 2^20}. */
  public static final int MAX_PARTITIONS = 1 << 20;

  /** Exclusive upper bound of an offset, {@code 2^42}. */
  public static final long MAX_OFFSET = 1L << OFFSET_BITS;

  private StreamedSeq() {}

  /**
   * The sequence of the record at {@code offset} in {@code partition}.
   *
   * @throws IllegalArgumentException when the partition or offset is out of bounds
   */
  public static long of(int partition, long offset) {
    if (partition < 0 || partition >= MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "partition "
              + partition
              + " is out of range; it must be within 0.."
              + (MAX_PARTITIONS - 1));
    }
    if (offset < 0 || offset >= MAX_OFFSET) {
      throw new IllegalArgumentException(
          "offset " + offset + " is out of range; it must be within 0.." + (MAX_OFFSET - 1));
    }
    return OfflineStore.STREAMED_SEQ_BASE + ((long) partition << OFFSET_BITS) + offset;
  }

  /** Whether {@code seq} lies in the streamed range. */
  public static boolean isStreamed(long seq) {
    return seq >= OfflineStore.STREAMED_SEQ_BASE;
  }

  /**
   * The partition of a streamed sequence.
   *
   * @throws IllegalArgumentException when {@code seq} is not in the streamed range
   */
  public static int partition(long seq) {
    return (int) (relative(seq) >>> OFFSET_BITS);
  }

  /**
   * The offset of a streamed sequence.
   *
   * @throws IllegalArgumentException when {@code seq} is not in the streamed range
   */
  public static long offset(long seq) {
    return relative(seq) & (MAX_OFFSET - 1);
  }

  /**
   * For messages: {@code "partition 3 offset 1200"}, or {@code "batch sequence 17"} below the base.
   */
  public static String describe(long seq) {
    return isStreamed(seq)
        ? "partition " + partition(seq) + " offset " + offset(seq)
        : "batch sequence " + seq;
  }

  private static long relative(long seq) {
    if (!isStreamed(seq)) {
      throw new IllegalArgumentException(
          "sequence "
              + seq
              + " is below STREAMED_SEQ_BASE; it was not assigned to a streamed record");
    }
    return seq - OfflineStore.STREAMED_SEQ_BASE;
  }
}
