package dev.kairos.quality.internal;

import java.util.Arrays;

/**
 * Remembers the line on which each text key was first seen. Keys are copied into large char arrays
 * and the table holds only primitives: a {@code HashMap<String, Long>} keeps a node, a boxed line
 * and the key's string alive per row, and copying millions of those objects between generations
 * made garbage collection the main cost of a uniqueness check.
 */
final class FirstLines {
  /** What {@link #putIfAbsent} returns for a key seen for the first time. */
  static final long ABSENT = 0;

  private static final int CHUNK = 1 << 20;

  private char[][] chunks = {new char[CHUNK]};
  private int chunk;
  private int used;

  // One slot is three longs side by side, so a probe reads one cache line, not four arrays:
  // [hash << 32 | length, position of the text, line]; a line of ABSENT marks an empty slot.
  private long[] slots = new long[3 << 12];
  private int size;

  /**
   * Stores {@code line} for {@code key} unless the key is known.
   *
   * @param line not {@link #ABSENT}
   * @return the line stored for the key, or {@link #ABSENT} when it was new
   */
  long putIfAbsent(String key, long line) {
    int i = find(key);
    if (slots[i + 2] != ABSENT) {
      return slots[i + 2];
    }
    slots[i] = meta(key);
    slots[i + 1] = store(key);
    slots[i + 2] = line;
    if (++size * 2 > slots.length / 3) {
      grow();
    }
    return ABSENT;
  }

  /** Replaces the line of a key that is known. */
  void replace(String key, long line) {
    int i = find(key);
    if (slots[i + 2] == ABSENT) {
      throw new IllegalStateException("unknown key " + key);
    }
    slots[i + 2] = line;
  }

  private static long meta(String key) {
    return ((long) spread(key.hashCode()) << 32) | key.length();
  }

  /** The first long of the slot holding {@code key}, or of the empty slot where it belongs. */
  private int find(String key) {
    long meta = meta(key);
    int mask = slots.length / 3 - 1;
    for (int s = (int) (meta >>> 32) & mask; ; s = (s + 1) & mask) {
      int i = s * 3;
      if (slots[i + 2] == ABSENT) {
        return i;
      }
      if (slots[i] == meta && sameText(slots[i + 1], key)) {
        return i;
      }
    }
  }

  private boolean sameText(long position, String key) {
    char[] c = chunks[(int) (position >>> 32)];
    int from = (int) position;
    for (int j = 0; j < key.length(); j++) {
      if (c[from + j] != key.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private long store(String key) {
    int n = key.length();
    if (used + n > chunks[chunk].length) {
      if (++chunk == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunks.length * 2);
      }
      chunks[chunk] = new char[Math.max(CHUNK, n)];
      used = 0;
    }
    key.getChars(0, n, chunks[chunk], used);
    long position = ((long) chunk << 32) | used;
    used += n;
    return position;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length / 3 - 1;
    for (int j = 0; j < old.length; j += 3) {
      if (old[j + 2] != ABSENT) {
        int s = (int) (old[j] >>> 32) & mask;
        while (slots[s * 3 + 2] != ABSENT) {
          s = (s + 1) & mask;
        }
        System.arraycopy(old, j, slots, s * 3, 3);
      }
    }
  }
}
