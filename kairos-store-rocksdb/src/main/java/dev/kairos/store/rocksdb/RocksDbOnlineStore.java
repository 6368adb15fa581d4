package dev.kairos.store.rocksdb;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online store in an embedded RocksDB. Layout (see {@code docs/online-encoding.md}): key = {@code
 * u16 len · project · u16 len · view · entity key bytes}, value = {@link RowCodec} row bytes.
 *
 * <p>"Never replace newer" is a compare under striped locks: a batch locks the stripes of its keys
 * in ascending order, reads the stored rows with one {@code multiGet}, and writes the rows that are
 * not older in one {@code WriteBatch}. Compare-and-set ({@link #multiPutIfUnchanged}) takes the
 * same locks and writes the rows whose stored bytes equal the encoding of their expected row.
 *
 * <p><b>TTL expiry</b> (option {@code ttl_expiry}, off by default). RocksDB has no per-key expiry
 * that follows a row's event time, so a daemon thread sweeps: a minute after opening (sooner when
 * the interval is shorter), then {@code ttl_sweep_interval_s} after each sweep ends, it removes the
 * rows of each view with a TTL whose event time is older than {@code now - ttl} (see {@link
 * ExpirySweeper}: deletes re-check each row under the write path's locks, so a newer row written
 * meanwhile stays). The stored bytes carry no TTL: the store learns views and their TTLs from the
 * {@link FeatureView}s it is given. Once {@link #viewsDefined} was called (the feature server calls
 * it with every registry version it loads) it sweeps exactly those views with their TTLs; before
 * that, the views passed to {@link #multiPut} and {@link #multiGet}, each with the longest TTL
 * seen, so that a request still on an older definition never shortens it. Views with TTL 0 never
 * expire. The long-running server sweeps every online view of the registry; a short materialization
 * run rarely lives long enough to sweep. Correctness never depends on it: reads judge staleness
 * from the event time either way, and an expired row reads {@code NOT_FOUND} instead of {@code
 * OUTSIDE_MAX_AGE} once swept.
 */
final class RocksDbOnlineStore implements OnlineStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbOnlineStore.class);
  private static final int CHUNK = 16_384;

  private final SharedDb shared;
  private final byte[] project;
  private final Map<String, Codec> codecs = new ConcurrentHashMap<>();
  // The TTLs sweeps use: the registry's once viewsDefined was called, else per view the longest
  // seen in reads and writes (a request on an older definition must not shorten it).
  private volatile Map<String, Duration> registryTtls;
  private final Map<String, Duration> seenTtls = new ConcurrentHashMap<>();
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final TtlExpiry expiry;
  private final ExpirySweeper sweeper;
  private final ScheduledExecutorService sweeps;
  private volatile boolean closing;
  private volatile boolean closed;

  private record Codec(List<Field> features, Duration ttl, RowCodec codec, byte[] prefix) {}

  RocksDbOnlineStore(Path path, String project, TtlExpiry expiry) {
    this.shared = SharedDb.acquire(path);
    this.writeOptions = new WriteOptions();
    this.readOptions = new ReadOptions();
    this.project = project.getBytes(StandardCharsets.UTF_8);
    this.expiry = expiry;
    this.sweeper = new ExpirySweeper(shared, expiry.clock());
    this.sweeps = expiry.enabled() ? startSweeps(project) : null;
  }

  private ScheduledExecutorService startSweeps(String projectName) {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kairos-rocksdb-ttl-sweep-" + projectName);
              t.setDaemon(true);
              return t;
            });
    s.scheduleWithFixedDelay(
        this::sweepAndLog,
        expiry.firstSweep().toMillis(),
        expiry.interval().toMillis(),
        TimeUnit.MILLISECONDS);
    return s;
  }

  /**
   * With {@code ttl_expiry}, the sweeps cover exactly these views, with these TTLs, from now on:
   * the registry is the truth, whatever definitions requests still in flight carry.
   */
  @Override
  public void viewsDefined(List<FeatureView> views) {
    if (expiry.enabled()) {
      Map<String, Duration> ttls = new HashMap<>();
      views.forEach(v -> ttls.put(v.name(), v.ttl()));
      registryTtls = Map.copyOf(ttls);
    }
  }

  private Codec codec(FeatureView view) {
    Codec c = codecs.get(view.name());
    if (c == null || !c.features().equals(view.features()) || !c.ttl().equals(view.ttl())) {
      c = new Codec(view.features(), view.ttl(), RowCodec.forView(view), prefix(view.name()));
      codecs.put(view.name(), c);
      if (expiry.enabled()) {
        seenTtls.merge(view.name(), view.ttl(), RocksDbOnlineStore::longer);
      }
    }
    return c;
  }

  /** The longer of two TTLs, where zero means forever. */
  private static Duration longer(Duration a, Duration b) {
    if (a.isZero() || b.isZero()) {
      return Duration.ZERO;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  private byte[] prefix(String view) {
    return prefix(project, view);
  }

  private static byte[] prefix(byte[] project, String view) {
    byte[] v = view.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + project.length + v.length);
    b.putShort((short) project.length).put(project).putShort((short) v.length).put(v);
    return b.array();
  }

  /** The database key of an entity's row in a view of a project. */
  static byte[] rowKey(String project, String view, EntityKey key) {
    return key(prefix(project.getBytes(StandardCharsets.UTF_8), view), key);
  }

  private static byte[] key(byte[] prefix, EntityKey key) {
    byte[] k = RowCodec.encodeKey(key);
    byte[] out = new byte[prefix.length + k.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  @Override
  public void multiPut(FeatureView view, List<OnlineRow> rows) {
    Codec c = codec(view);
    for (int from = 0; from < rows.size(); from += CHUNK) {
      putChunk(c, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
    }
  }

  private void putChunk(Codec c, List<OnlineRow> rows) {
    List<byte[]> keys = new ArrayList<>(rows.size());
    List<byte[]> values = new ArrayList<>(rows.size());
    Map<ByteBuffer, Integer> seen = new HashMap<>(rows.size() * 2);
    for (OnlineRow row : rows) {
      byte[] k = key(c.prefix(), row.key());
      byte[] v = c.codec().encode(row);
      Integer earlier = seen.putIfAbsent(ByteBuffer.wrap(k), keys.size());
      if (earlier == null) {
        keys.add(k);
        values.add(v);
      } else if (RowCodec.compareOrder(v, values.get(earlier)) >= 0) {
        values.set(earlier, v);
      }
    }
    BitSet stripes = KeyLocks.stripesOf(keys);
    shared.locks.lock(stripes);
    try (WriteBatch batch = new WriteBatch()) {
      List<byte[]> stored = db().multiGetAsList(readOptions, keys);
      for (int i = 0; i < keys.size(); i++) {
        byte[] old = stored.get(i);
        if (old == null || RowCodec.compareOrder(old, values.get(i)) <= 0) {
          batch.put(keys.get(i), values.get(i));
        }
      }
      db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("write " + rows.size() + " rows to", e);
    } finally {
      shared.locks.unlock(stripes);
    }
  }

  /**
   * Compares under the same striped locks as {@link #multiPut}: the stored bytes must equal the
   * encoding of the expected row. A key given twice is compared with what its first row left.
   */
  @Override
  public List<Boolean> multiPutIfUnchanged(
      FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
    if (rows.size() != expected.size()) {
      throw new IllegalArgumentException(
          rows.size() + " rows but " + expected.size() + " expected rows; give one per row");
    }
    Codec c = codec(view);
    List<Boolean> written = new ArrayList<>(rows.size());
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int to = Math.min(rows.size(), from + CHUNK);
      written.addAll(putIfUnchanged(c, rows.subList(from, to), expected.subList(from, to)));
    }
    return written;
  }

  private List<Boolean> putIfUnchanged(Codec c, List<OnlineRow> rows, List<OnlineRow> expected) {
    List<byte[]> keys = new ArrayList<>(rows.size());
    for (OnlineRow row : rows) {
      keys.add(key(c.prefix(), row.key()));
    }
    List<Boolean> written = new ArrayList<>(rows.size());
    BitSet stripes = KeyLocks.stripesOf(keys);
    shared.locks.lock(stripes);
    try (WriteBatch batch = new WriteBatch()) {
      List<byte[]> stored = db().multiGetAsList(readOptions, keys);
      Map<ByteBuffer, byte[]> current = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        ByteBuffer k = ByteBuffer.wrap(keys.get(i));
        byte[] now = current.containsKey(k) ? current.get(k) : stored.get(i);
        OnlineRow old = expected.get(i);
        boolean same =
            old == null ? now == null : now != null && Arrays.equals(now, c.codec().encode(old));
        if (same) {
          byte[] v = c.codec().encode(rows.get(i));
          batch.put(keys.get(i), v);
          current.put(k, v);
        } else {
          current.put(k, now);
        }
        written.add(same);
      }
      db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("write " + rows.size() + " rows to", e);
    } finally {
      shared.locks.unlock(stripes);
    }
    return written;
  }

  /** Reads come from the block cache, the memtable or local files: no network. */
  @Override
  public ReadStyle readStyle() {
    return ReadStyle.LOCAL;
  }

  @Override
  public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
    if (keys.isEmpty()) {
      return new ArrayList<>(0);
    }
    Codec c = codec(view);
    List<byte[]> raw = new ArrayList<>(keys.size());
    for (EntityKey key : keys) {
      raw.add(key(c.prefix(), key));
    }
    List<byte[]> stored;
    try {
      stored = db().multiGetAsList(readOptions, raw);
    } catch (RocksDBException e) {
      throw failure("read " + keys.size() + " keys from", e);
    }
    List<OnlineRow> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] v = stored.get(i);
      out.add(v == null ? null : c.codec().decode(keys.get(i), v));
    }
    return out;
  }

  @Override
  public void deleteView(FeatureView view) {
    byte[] from = prefix(view.name());
    byte[] to = from.clone();
    // The prefix ends with the view name's last byte or a length byte; +1 never overflows a
    // length-prefixed prefix in practice, and carrying keeps the range correct when it does.
    for (int i = to.length - 1; i >= 0; i--) {
      if (++to[i] != 0) {
        break;
      }
    }
    try {
      db().deleteRange(from, to);
    } catch (RocksDBException e) {
      throw failure("delete view '" + view.name() + "' from", e);
    }
  }

  /**
   * One sweep now: removes the expired rows of every view with a TTL that this store has seen. Does
   * nothing when {@code ttl_expiry} is off.
   *
   * @return how many rows were removed
   */
  long sweepExpired() {
    db();
    if (!expiry.enabled()) {
      return 0;
    }
    Map<String, Duration> ttls = registryTtls != null ? registryTtls : Map.copyOf(seenTtls);
    long removed = 0;
    for (Map.Entry<String, Duration> e : ttls.entrySet()) {
      if (closing) {
        break;
      }
      if (!e.getValue().isZero()) {
        try {
          removed += sweeper.sweep(prefix(e.getKey()), e.getValue(), () -> closing);
        } catch (RocksDBException ex) {
          throw failure("remove expired rows of view '" + e.getKey() + "' from", ex);
        }
      }
    }
    return removed;
  }

  /** True while the sweep thread runs (until {@link #close}); false when expiry is off. */
  boolean sweeping() {
    return sweeps != null && !sweeps.isTerminated();
  }

  private void sweepAndLog() {
    try {
      long removed = sweepExpired();
      if (removed > 0) {
        LOG.debug("removed {} expired rows from the RocksDB online store", removed);
      }
    } catch (RuntimeException e) {
      // An exception would cancel the schedule; the next sweep tries again.
      LOG.warn("TTL sweep of the RocksDB online store at {} failed: {}", shared.path, e.toString());
    }
  }

  private KairosException failure(String what, RocksDBException e) {
    return KairosException.unavailable(
        "cannot " + what + " the RocksDB online store at " + shared.path + ": " + e.getMessage(),
        e);
  }

  /** The open database; a closed store fails cleanly instead of touching freed native memory. */
  private RocksDB db() {
    if (closed) {
      throw new IllegalStateException("the RocksDB online store at " + shared.path + " is closed");
    }
    return shared.db;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closing = true;
    stopSweeps();
    closed = true;
    writeOptions.close();
    readOptions.close();
    shared.release();
  }

  /** Waits for a running sweep to finish its chunk: the database must outlive its iterator. */
  private void stopSweeps() {
    if (sweeps == null) {
      return;
    }
    sweeps.shutdownNow();
    boolean interrupted = false;
    while (!sweeps.isTerminated()) {
      try {
        sweeps.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
