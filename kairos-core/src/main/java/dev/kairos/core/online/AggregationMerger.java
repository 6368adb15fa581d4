package dev.kairos.core.online;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Merges batches of events into the stored aggregation states of their entities and writes them:
 * reads the states with one {@code multiGet}, adds each entity's events, and writes each state with
 * {@link OnlineStore#multiPutIfUnchanged} only if it is still the one read. A state never counts an
 * event twice, so merging the same events again is harmless.
 *
 * <p><b>Several writers at once are safe</b> (materializations, stream consumers, in one process or
 * many): a state that another writer changed since it was read is not overwritten; its entity's
 * events are merged again into the state read anew and written again, up to {@link #MAX_ATTEMPTS}
 * attempts in all with a short jittered pause between them. When an entity's state still changes
 * under it after that, the batch fails with a CONFLICT {@link KairosException} naming the view and
 * the entity; the states of the batch's other entities are written, and merging the batch again is
 * harmless.
 *
 * <p>A state stored under another layout (fingerprint) reads as absent and is replaced by the
 * rebuilt one, unless its latest event is newer than the rebuilt state's (as {@code multiPut} would
 * decide): such a state is left alone.
 *
 * <p>Not thread-safe: one merger per thread; several mergers may share a store.
 */
public final class AggregationMerger {
  /** Attempts per entity and batch before the batch fails with CONFLICT. */
  static final int MAX_ATTEMPTS = 10;

  /** Waits between attempts; the attempt that just lost is 1 for the first. */
  interface Backoff {
    void pause(int attempt) throws InterruptedException;
  }

  /**
   * 1 ms to {@code 2^(attempt+1)} ms, at most 128 ms: writers that collided rarely collide again.
   */
  static final Backoff JITTERED =
      attempt -> Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));

  private final OnlineStore online;
  private final AggregationLayout layout;
  private final Backoff backoff;
  private long events;

  public AggregationMerger(OnlineStore online, AggregationLayout layout) {
    this(online, layout, JITTERED);
  }

  AggregationMerger(OnlineStore online, AggregationLayout layout, Backoff backoff) {
    this.online = online;
    this.layout = layout;
    this.backoff = backoff;
  }

  /**
   * Events that changed a state this merger wrote (new ones, not already counted and not too late);
   * an event merged in an attempt that lost is counted once, by the attempt that wrote.
   */
  public long eventsAdded() {
    return events;
  }

  /**
   * Merges the events into their entities' stored states and writes the states that changed.
   *
   * @return the number of states written
   * @throws KairosException CONFLICT when an entity's state kept changing for {@link #MAX_ATTEMPTS}
   *     attempts; the store's exception when it fails
   */
  public int mergeAndWrite(List<EventRow> batch) {
    Map<EntityKey, List<EventRow>> byEntity = new LinkedHashMap<>();
    for (EventRow e : batch) {
      byEntity.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    FeatureView storage = layout.storageView();
    List<EntityKey> keys = new ArrayList<>(byEntity.keySet());
    int written = 0;
    for (int attempt = 1; !keys.isEmpty(); attempt++) {
      List<OnlineRow> stored = online.multiGet(storage, keys);
      List<OnlineRow> rows = new ArrayList<>(keys.size());
      List<OnlineRow> expected = new ArrayList<>(keys.size());
      List<Integer> added = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        OnlineRow old = stored.get(i);
        AggregationState state = decode(old);
        int n = state.add(byEntity.get(keys.get(i)));
        if (state.latest() == null || (n == 0 && old != null)) {
          continue; // nothing new: the stored state already holds these events
        }
        OnlineRow row =
            new OnlineRow(keys.get(i), new Object[] {state.encode()}, state.latest(), null);
        if (old == null || !old.isNewerThan(row)) {
          rows.add(row);
          expected.add(old);
          added.add(n);
        }
      }
      List<Boolean> done =
          rows.isEmpty() ? List.of() : online.multiPutIfUnchanged(storage, rows, expected);
      List<EntityKey> lost = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (done.get(i)) {
          events += added.get(i);
          written++;
        } else {
          lost.add(rows.get(i).key());
        }
      }
      if (!lost.isEmpty()) {
        if (attempt == MAX_ATTEMPTS) {
          throw conflict(lost, attempt);
        }
        pause(attempt);
      }
      keys = lost;
    }
    return written;
  }

  private AggregationState decode(OnlineRow row) {
    AggregationState state =
        row == null ? null : AggregationState.decode(layout, (byte[]) row.values()[0]);
    return state == null ? AggregationState.empty(layout) : state;
  }

  private void pause(int attempt) {
    try {
      backoff.pause(attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.internal(
          "merging events into the aggregation state of view '"
              + layout.view().name()
              + "' was interrupted",
          e);
    }
  }

  private KairosException conflict(List<EntityKey> lost, int attempts) {
    return new KairosException(
        ErrorKind.CONFLICT,
        "the aggregation state of view '"
            + layout.view().name()
            + "' for entity "
            + lost.get(0).values()
            + (lost.size() > 1 ? " (and " + (lost.size() - 1) + " more)" : "")
            + " was changed by another writer in each of "
            + attempts
            + " attempts to merge events into it; merging the batch again is harmless");
  }
}
