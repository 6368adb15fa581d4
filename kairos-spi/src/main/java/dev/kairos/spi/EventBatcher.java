package dev.kairos.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a stream of events ordered by entity key into batches of about {@code batchSize} that never
 * split one entity's events, for {@link OfflineStore#events}.
 */
public final class EventBatcher implements AutoCloseable {
  private final int batchSize;
  private final Consumer<List<EventRow>> out;
  private List<EventRow> batch;

  public EventBatcher(int batchSize, Consumer<List<EventRow>> out) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.out = out;
    this.batch = new ArrayList<>(batchSize);
  }

  public void add(EventRow e) {
    if (batch.size() >= batchSize && !batch.get(batch.size() - 1).key().equals(e.key())) {
      out.accept(batch);
      batch = new ArrayList<>(batchSize);
    }
    batch.add(e);
  }

  /** Hands over the last batch. */
  @Override
  public void close() {
    if (!batch.isEmpty()) {
      out.accept(batch);
      batch = new ArrayList<>();
    }
  }
}
