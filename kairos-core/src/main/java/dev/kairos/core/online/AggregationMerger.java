package dev.kairos.core.online;

import dev.kairos.api.EntityKey;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges a batch of events into the stored aggregation states of their entities: reads the states
 * with one {@code multiGet}, adds each entity's events, and returns the rows to write. A state
 * never counts an event twice, so merging the same events again is harmless.
 *
 * <p>One writer per view at a time: a state is read, merged and written back without a lock, and
 * the batches of one run never share an entity (see {@link dev.kairos.spi.OfflineStore#events}).
 */
public final class AggregationMerger {
  private final OnlineStore online;
  private final AggregationLayout layout;
  private long events;

  public AggregationMerger(OnlineStore online, AggregationLayout layout) {
    this.online = online;
    this.layout = layout;
  }

  /** Events that changed some state so far (new ones, not already counted and not too late). */
  public long eventsAdded() {
    return events;
  }

  public List<OnlineRow> merge(List<EventRow> batch) {
    List<EntityKey> keys = new ArrayList<>();
    List<List<EventRow>> groups = new ArrayList<>();
    for (EventRow e : batch) {
      if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(e.key())) {
        keys.add(e.key());
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(e);
    }
    List<OnlineRow> stored = online.multiGet(layout.storageView(), keys);
    List<OnlineRow> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      OnlineRow row = stored.get(i);
      AggregationState state =
          row == null ? null : AggregationState.decode(layout, (byte[]) row.values()[0]);
      if (state == null) {
        state = AggregationState.empty(layout);
      }
      int added = state.add(groups.get(i));
      events += added;
      if (state.latest() != null && (added > 0 || row == null)) {
        out.add(new OnlineRow(keys.get(i), new Object[] {state.encode()}, state.latest(), null));
      }
    }
    return out;
  }
}
