package dev.kairos.quality.internal;

import java.util.Arrays;

/**
 * Remembers the line on which each key was first seen: an open-addressing table of keys and
 * primitive lines, because a {@code HashMap<Object, Long>} allocates a node and a boxed line per
 * row, which dominates uniqueness checks over millions of rows.
 */
final class FirstLines {
  /** What {@link #putIfAbsent} returns for a key seen for the first time. */
  static final long ABSENT = 0;

  private Object[] keys = new Object[1 << 12];
  private int[] hashes = new int[1 << 12];
  private long[] lines = new long[1 << 12];
  private int size;

  /**
   * Stores {@code line} for {@code key} unless the key is known.
   *
   * @param line not {@link #ABSENT}
   * @return the line stored for the key, or {@link #ABSENT} when it was new
   */
  long putIfAbsent(Object key, long line) {
    int mask = keys.length - 1;
    int h = spread(key.hashCode());
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Object k = keys[i];
      if (k == null) {
        keys[i] = key;
        hashes[i] = h;
        lines[i] = line;
        if (++size * 2 > keys.length) {
          grow();
        }
        return ABSENT;
      }
      // Comparing the stored hash first spares loading the other key, a cache miss.
      if (hashes[i] == h && k.equals(key)) {
        return lines[i];
      }
    }
  }

  /** Replaces the line of a key that is known. */
  void replace(Object key, long line) {
    int mask = keys.length - 1;
    int h = spread(key.hashCode());
    for (int i = h & mask; ; i = (i + 1) & mask) {
      if (hashes[i] == h && keys[i].equals(key)) {
        lines[i] = line;
        return;
      }
    }
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    Object[] oldKeys = keys;
    int[] oldHashes = hashes;
    long[] oldLines = lines;
    keys = new Object[oldKeys.length * 2];
    hashes = new int[oldKeys.length * 2];
    lines = new long[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      Object key = oldKeys[j];
      if (key != null) {
        int i = oldHashes[j] & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = oldHashes[j];
        lines[i] = oldLines[j];
      }
    }
    Arrays.fill(oldKeys, null);
  }
}
