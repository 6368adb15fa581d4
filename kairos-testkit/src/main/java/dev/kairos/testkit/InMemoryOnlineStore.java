package dev.kairos.testkit;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.spi.codec.RowCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference {@link OnlineStore}: rows in memory, compared and replaced atomically per key.
 * Several instances made with {@link #forProject} share one data set, as projects share one Redis.
 * Keys are compared by their {@link RowCodec#encodeKey encoded bytes}, like the real stores.
 */
public final class InMemoryOnlineStore implements OnlineStore {
  private final Map<String, Map<ByteBuffer, OnlineRow>> tables;
  private final String project;

  /** An empty store for project {@code default}. */
  public InMemoryOnlineStore() {
    this(new ConcurrentHashMap<>(), "default");
  }

  private InMemoryOnlineStore(Map<String, Map<ByteBuffer, OnlineRow>> tables, String project) {
    this.tables = tables;
    this.project = project;
  }

  /** A store for another project over the same data. */
  public InMemoryOnlineStore forProject(String otherProject) {
    return new InMemoryOnlineStore(tables, otherProject);
  }

  private Map<ByteBuffer, OnlineRow> table(FeatureView view) {
    return tables.computeIfAbsent(project + '\0' + view.name(), k -> new ConcurrentHashMap<>());
  }

  @Override
  public void multiPut(FeatureView view, List<OnlineRow> rows) {
    Map<ByteBuffer, OnlineRow> table = table(view);
    for (OnlineRow row : rows) {
      ByteBuffer key = ByteBuffer.wrap(RowCodec.encodeKey(row.key()));
      table.merge(key, row, (old, neu) -> old.isNewerThan(neu) ? old : neu);
    }
  }

  /** Compares the encodings of the stored and the expected row, as the real stores do. */
  @Override
  public List<Boolean> multiPutIfUnchanged(
      FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
    if (rows.size() != expected.size()) {
      throw new IllegalArgumentException(
          rows.size() + " rows but " + expected.size() + " expected rows; give one per row");
    }
    Map<ByteBuffer, OnlineRow> table = table(view);
    RowCodec codec = RowCodec.forView(view);
    List<Boolean> written = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      OnlineRow row = rows.get(i);
      OnlineRow old = expected.get(i);
      byte[] want = old == null ? null : codec.encode(old);
      boolean[] done = {false};
      table.compute(
          ByteBuffer.wrap(RowCodec.encodeKey(row.key())),
          (k, now) -> {
            done[0] =
                want == null ? now == null : now != null && Arrays.equals(codec.encode(now), want);
            return done[0] ? row : now;
          });
      written.add(done[0]);
    }
    return written;
  }

  @Override
  public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> keys) {
    Map<ByteBuffer, OnlineRow> table = table(view);
    List<OnlineRow> out = new ArrayList<>(keys.size());
    for (EntityKey key : keys) {
      OnlineRow row = table.get(ByteBuffer.wrap(RowCodec.encodeKey(key)));
      out.add(
          row == null
              ? null
              : new OnlineRow(key, row.values().clone(), row.eventTs(), row.createdTs()));
    }
    return out;
  }

  @Override
  public void deleteView(FeatureView view) {
    tables.remove(project + '\0' + view.name());
  }

  /** Number of rows stored for the view in this project. */
  public int size(FeatureView view) {
    return table(view).size();
  }

  @Override
  public void close() {}
}
