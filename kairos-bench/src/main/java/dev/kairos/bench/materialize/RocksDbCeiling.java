package dev.kairos.bench.materialize;

import dev.kairos.store.rocksdb.RocksDbOptions;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The raw RocksDB write ceiling: a bare loop putting {@code rows} distinct keys of the given sizes
 * into write batches of {@code batchSize}, with the options the Kairos store opens RocksDB with
 * (LZ4, bloom filter, two background threads) and its write options.
 */
final class RocksDbCeiling {
  private RocksDbCeiling() {}

  /** Returns the elapsed nanoseconds. */
  static long run(
      Path dir,
      long rows,
      int keyBytes,
      int valueBytes,
      int batchSize,
      boolean disableWal,
      byte[] valueTemplate)
      throws RocksDBException {
    RocksDB.loadLibrary();
    try (Options options = RocksDbOptions.create();
        WriteOptions writeOptions = new WriteOptions().setDisableWAL(disableWal);
        RocksDB db = RocksDB.open(options, dir.toString())) {
      long began = System.nanoTime();
      WriteBatch batch = new WriteBatch();
      byte[] value = new byte[valueBytes];
      System.arraycopy(valueTemplate, 0, value, 0, Math.min(valueBytes, valueTemplate.length));
      for (long i = 0; i < rows; i++) {
        byte[] key = new byte[keyBytes];
        // Scattered like the hash-partitioned order DuckDB returns keys in.
        long k = i * 0x9E3779B97F4A7C15L;
        for (int b = 0; b < 8 && b < keyBytes; b++) {
          key[keyBytes - 1 - b] = (byte) (k >>> (8 * b));
        }
        value[valueBytes - 1] = (byte) i;
        batch.put(key, value);
        if (batch.count() == batchSize) {
          db.write(writeOptions, batch);
          batch.close();
          batch = new WriteBatch();
        }
      }
      if (batch.count() > 0) {
        db.write(writeOptions, batch);
      }
      batch.close();
      return System.nanoTime() - began;
    }
  }
}
