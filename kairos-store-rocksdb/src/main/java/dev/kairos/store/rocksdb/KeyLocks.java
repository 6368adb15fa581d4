package dev.kairos.store.rocksdb;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks over the keys of one database. Every compare-then-write (a batch of puts, a sweep
 * deleting expired rows) holds the stripes of its keys, taken in ascending order so two callers
 * never deadlock. One set per database, not per store: two stores of one project in one process
 * (the server and a materialization) must exclude each other.
 */
final class KeyLocks {
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The stripes of the keys, for {@link #lock} and {@link #unlock}. */
  static BitSet stripesOf(List<byte[]> keys) {
    BitSet stripes = new BitSet(STRIPES);
    for (byte[] key : keys) {
      stripes.set(stripeOf(key));
    }
    return stripes;
  }

  static int stripeOf(byte[] key) {
    return Math.floorMod(ByteBuffer.wrap(key).hashCode(), STRIPES);
  }

  void lock(BitSet stripes) {
    for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
      locks[i].lock();
    }
  }

  void unlock(BitSet stripes) {
    for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
      locks[i].unlock();
    }
  }
}
