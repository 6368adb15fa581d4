package dev.kairos.core.generate;

import java.util.Arrays;

/** One day's transactions in primitive columns, sorted by event time before they are emitted. */
final class DayBatch {
  private static final int INDEX_BITS = 40;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  int size;
  int[] offset = new int[1024];
  int[] user = new int[1024];
  int[] merchant = new int[1024];
  int[] delay = new int[1024];
  long[] cents = new long[1024];
  long[] device = new long[1024];
  boolean[] fraud = new boolean[1024];
  private long[] keys = new long[1024];

  void clear() {
    size = 0;
  }

  /**
   * @param offset seconds since the day's start, in [0, 86400)
   * @param delay seconds from event to ingestion, at least 1
   */
  void add(int offset, int user, int merchant, long cents, long device, int delay, boolean fraud) {
    if (size == this.offset.length) {
      grow();
    }
    int i = size++;
    this.offset[i] = offset;
    this.user[i] = user;
    this.merchant[i] = merchant;
    this.cents[i] = cents;
    this.device[i] = device;
    this.delay[i] = delay;
    this.fraud[i] = fraud;
  }

  /**
   * Sorts by event second; ties keep insertion order (user id, then simulation order), so the order
   * is a pure function of the rows.
   */
  void sort() {
    for (int i = 0; i < size; i++) {
      keys[i] = ((long) offset[i] << INDEX_BITS) | i;
    }
    Arrays.sort(keys, 0, size);
  }

  /** The row index at sorted position {@code position}; valid after {@link #sort()}. */
  int sorted(int position) {
    return (int) (keys[position] & INDEX_MASK);
  }

  private void grow() {
    int n = offset.length * 2;
    offset = Arrays.copyOf(offset, n);
    user = Arrays.copyOf(user, n);
    merchant = Arrays.copyOf(merchant, n);
    delay = Arrays.copyOf(delay, n);
    cents = Arrays.copyOf(cents, n);
    device = Arrays.copyOf(device, n);
    fraud = Arrays.copyOf(fraud, n);
    keys = new long[n];
  }
}
