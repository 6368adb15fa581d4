package dev.kairos.store.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * The database options of the online store, public so that the benchmark's bare write loop runs
 * with exactly the same ones.
 *
 * <p>The memtable gets a whole-key bloom filter: every write first reads the stored row to compare
 * timestamps, and on a first materialization nearly all those reads miss.
 */
public final class RocksDbOptions {
  private RocksDbOptions() {}

  /** New options; the caller closes them after the database. */
  public static Options create() {
    return new Options()
        .setCreateIfMissing(true)
        .setIncreaseParallelism(2)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setMemtablePrefixBloomSizeRatio(0.1)
        .setMemtableWholeKeyFiltering(true)
        .setTableFormatConfig(
            new BlockBasedTableConfig()
                .setFilterPolicy(new BloomFilter(10))
                .setWholeKeyFiltering(true));
  }
}
