package dev.kairos.store.rocksdb;

import dev.kairos.api.KairosException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * One open RocksDB per folder and process, reference counted. RocksDB locks its folder, so stores
 * of several projects (or the server and a materialization in one process) share the handle. Its
 * options are {@link RocksDbOptions#create()}; its {@link KeyLocks} serialize every
 * compare-then-write on a key, whichever store makes it.
 */
final class SharedDb {
  private static final Map<Path, SharedDb> OPEN = new HashMap<>();

  final Path path;
  final RocksDB db;
  final KeyLocks locks = new KeyLocks();
  private final Options options;
  private int users;

  private SharedDb(Path path, RocksDB db, Options options) {
    this.path = path;
    this.db = db;
    this.options = options;
  }

  static synchronized SharedDb acquire(Path folder) {
    Path path = folder.toAbsolutePath().normalize();
    SharedDb shared = OPEN.get(path);
    if (shared == null) {
      shared = open(path);
      OPEN.put(path, shared);
    }
    shared.users++;
    return shared;
  }

  synchronized void release() {
    synchronized (SharedDb.class) {
      if (--users == 0) {
        OPEN.remove(path);
        db.close();
        options.close();
      }
    }
  }

  private static SharedDb open(Path path) {
    RocksDB.loadLibrary();
    Options options = RocksDbOptions.create();
    try {
      Files.createDirectories(path);
      return new SharedDb(path, RocksDB.open(options, path.toString()), options);
    } catch (RocksDBException | java.io.IOException e) {
      options.close();
      throw KairosException.unavailable(
          "cannot open the RocksDB online store at "
              + path
              + ": "
              + e.getMessage()
              + " (another process, e.g. a running 'kairos serve', may hold its lock)",
          e);
    }
  }
}
