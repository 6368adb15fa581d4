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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Online store in an embedded RocksDB. Layout (see {@code docs/online-encoding.md}): key = {@code
 * u16 len · project · u16 len · view · entity key bytes}, value = {@link RowCodec} row bytes.
 *
 * <p>"Never replace newer" is a compare under striped locks: a batch locks the stripes of its keys
 * in ascending order, reads the stored rows with one {@code multiGet}, and writes the rows that are
 * not older in one {@code WriteBatch}.
 */
final class RocksDbOnlineStore implements OnlineStore {
  private static final int STRIPES = 64;
  private static final int CHUNK = 16_384;

  private final SharedDb shared;
  private final byte[] project;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final Map<String, Codec> codecs = new ConcurrentHashMap<>();
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private volatile boolean closed;

  private record Codec(List<Field> features, RowCodec codec, byte[] prefix) {}

  RocksDbOnlineStore(Path path, String project) {
    this.shared = SharedDb.acquire(path);
    this.writeOptions = new WriteOptions();
    this.readOptions = new ReadOptions();
    this.project = project.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  private Codec codec(FeatureView view) {
    Codec c = codecs.get(view.name());
    if (c == null || !c.features().equals(view.features())) {
      c = new Codec(view.features(), RowCodec.forView(view), prefix(view.name()));
      codecs.put(view.name(), c);
    }
    return c;
  }

  private byte[] prefix(String view) {
    byte[] v = view.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + project.length + v.length);
    b.putShort((short) project.length).put(project).putShort((short) v.length).put(v);
    return b.array();
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
    BitSet stripes = new BitSet(STRIPES);
    for (OnlineRow row : rows) {
      byte[] k = key(c.prefix(), row.key());
      byte[] v = c.codec().encode(row);
      Integer earlier = seen.putIfAbsent(ByteBuffer.wrap(k), keys.size());
      if (earlier == null) {
        keys.add(k);
        values.add(v);
        stripes.set(Math.floorMod(ByteBuffer.wrap(k).hashCode(), STRIPES));
      } else if (RowCodec.compareOrder(v, values.get(earlier)) >= 0) {
        values.set(earlier, v);
      }
    }
    lock(stripes);
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
      unlock(stripes);
    }
  }

  private void lock(BitSet stripes) {
    for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
      locks[i].lock();
    }
  }

  private void unlock(BitSet stripes) {
    for (int i = stripes.nextSetBit(0); i >= 0; i = stripes.nextSetBit(i + 1)) {
      locks[i].unlock();
    }
  }

  /** Reads come from the block cache, the memtable or local files: no network. */
  @Override
  public boolean readsMayBlock() {
    return false;
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
    closed = true;
    writeOptions.close();
    readOptions.close();
    shared.release();
  }
}
