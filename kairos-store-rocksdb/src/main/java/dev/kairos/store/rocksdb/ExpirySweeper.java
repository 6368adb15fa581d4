package dev.kairos.store.rocksdb;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Removes the rows of one view whose event time is older than {@code now - ttl}: rows that could
 * only read as {@code OUTSIDE_MAX_AGE} then read {@code NOT_FOUND}, as an expired Redis key does.
 *
 * <p>A sweep scans the view's key range (an iterator over a snapshot, not filling the block cache)
 * and collects expired keys in chunks. Each chunk is deleted under the same striped locks the write
 * path holds for its compare: the stored rows are read again under the locks and only those still
 * expired are deleted, so a row that a concurrent write replaced with a newer one is never removed.
 *
 * <p>The cutoff is {@code now - ttl} rounded down to the microsecond (rows store microseconds) and
 * a row is expired when its event time is strictly before it; a row the read path would still call
 * fresh is therefore never removed.
 */
final class ExpirySweeper {
  private static final int CHUNK = 4096;
  private static final int EVENT_FROM = 1;
  private static final int EVENT_TO = 9;

  private final SharedDb shared;
  private final Clock clock;

  ExpirySweeper(SharedDb shared, Clock clock) {
    this.shared = shared;
    this.clock = clock;
  }

  /**
   * Sweeps the rows under {@code prefix} (one view of one project) against the clock's now.
   *
   * @param stop checked between chunks; a true value ends the sweep early
   * @return how many rows were removed
   */
  long sweep(byte[] prefix, Duration ttl, BooleanSupplier stop) throws RocksDBException {
    byte[] cutoff = cutoff(clock.instant(), ttl);
    if (cutoff == null) {
      return 0;
    }
    long removed = 0;
    List<byte[]> expired = new ArrayList<>();
    try (ReadOptions scan = new ReadOptions().setFillCache(false);
        RocksIterator it = shared.db.newIterator(scan)) {
      long scanned = 0;
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        if (olderThan(it.value(), cutoff)) {
          expired.add(it.key());
        }
        if (expired.size() == CHUNK) {
          removed += removeIfExpired(expired, cutoff);
          expired.clear();
        }
        // Checked by keys scanned, not removed: a large view with few expired rows must not
        // hold up close() for a whole scan.
        if (++scanned % CHUNK == 0 && stop.getAsBoolean()) {
          return removed;
        }
      }
      it.status();
    }
    return removed + removeIfExpired(expired, cutoff);
  }

  /** Deletes those of {@code keys} whose stored row is, checked again under the locks, expired. */
  long removeIfExpired(List<byte[]> keys, byte[] cutoff) throws RocksDBException {
    if (keys.isEmpty()) {
      return 0;
    }
    BitSet stripes = KeyLocks.stripesOf(keys);
    shared.locks.lock(stripes);
    try (ReadOptions read = new ReadOptions();
        WriteOptions write = new WriteOptions();
        WriteBatch batch = new WriteBatch()) {
      List<byte[]> stored = shared.db.multiGetAsList(read, keys);
      long removed = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (stored.get(i) != null && olderThan(stored.get(i), cutoff)) {
          batch.delete(keys.get(i));
          removed++;
        }
      }
      shared.db.write(write, batch);
      return removed;
    } finally {
      shared.locks.unlock(stripes);
    }
  }

  /**
   * The encoded event time (sign bit flipped, big-endian, as in a row's bytes 1–8) below which a
   * row is expired; null when {@code now - ttl} lies before every representable row.
   */
  static byte[] cutoff(Instant now, Duration ttl) {
    long micros;
    try {
      Instant at = now.minus(ttl);
      micros =
          Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
    return ByteBuffer.allocate(8).putLong(micros ^ Long.MIN_VALUE).array();
  }

  static boolean olderThan(byte[] row, byte[] cutoff) {
    return row.length >= EVENT_TO
        && Arrays.compareUnsigned(row, EVENT_FROM, EVENT_TO, cutoff, 0, cutoff.length) < 0;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
