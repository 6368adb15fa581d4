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

  private int[] hashes = new int[1 << 12];
  private long[] positions = new long[1 << 12];
  private int[] lengths = new int[1 << 12];
  private long[] lines = new long[1 << 12];
  private int size;

  /**
   * Stores {@code line} for {@code key} unless the key is known.
   *
   * @param line not {@link #ABSENT}
   * @return the line stored for the key, or {@link #ABSENT} when it was new
   */
  long putIfAbsent(String key, long line) {
    int i = find(key);
    if (lines[i] != ABSENT) {
      return lines[i];
    }
    hashes[i] = spread(key.hashCode());
    positions[i] = store(key);
    lengths[i] = key.length();
    lines[i] = line;
    if (++size * 2 > lines.length) {
      grow();
    }
    return ABSENT;
  }

  /** Replaces the line of a key that is known. */
  void replace(String key, long line) {
    int i = find(key);
    if (lines[i] == ABSENT) {
      throw new IllegalStateException("unknown key " + key);
    }
    lines[i] = line;
  }

  /** The slot holding {@code key}, or the empty slot where it belongs. */
  private int find(String key) {
    int h = spread(key.hashCode());
    int mask = lines.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      if (lines[i] == ABSENT) {
        return i;
      }
      // The stored hash and length are checked first: reading the stored text is a cache miss.
      if (hashes[i] == h && lengths[i] == key.length() && sameText(positions[i], key)) {
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
    int[] oldHashes = hashes;
    long[] oldPositions = positions;
    int[] oldLengths = lengths;
    long[] oldLines = lines;
    int capacity = oldLines.length * 2;
    hashes = new int[capacity];
    positions = new long[capacity];
    lengths = new int[capacity];
    lines = new long[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldLines.length; j++) {
      if (oldLines[j] != ABSENT) {
        int i = oldHashes[j] & mask;
        while (lines[i] != ABSENT) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        positions[i] = oldPositions[j];
        lengths[i] = oldLengths[j];
        lines[i] = oldLines[j];
      }
    }
  }
}
