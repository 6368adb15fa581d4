package dev.kairos.stream;

import dev.kairos.api.Definitions;
import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.spi.EventRow;
import dev.kairos.spi.OnlineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one online view on a stream's source is updated by source rows: its plain features take the
 * latest row per entity (the store keeps the newer of the stored and written rows), its
 * aggregations get every event merged into the entity's aggregation state.
 */
final class ViewWriter {
  final FeatureView view;
  final AggregationLayout layout;
  private final int[] keys;
  private final int[] features;
  private final int[] columns;
  private final int created;

  ViewWriter(FeatureView view, Definitions definitions) {
    this.view = view;
    Source source = definitions.sourceOf(view);
    this.keys = positions(source, definitions.joinKeys(view));
    this.features = positions(source, view.features().stream().map(Field::name).toList());
    this.layout = view.hasAggregations() ? AggregationLayout.of(view, source) : null;
    this.columns = layout == null ? new int[0] : positions(source, layout.columnNames());
    this.created = source.createdTimestamp().map(c -> position(source, c)).orElse(-1);
  }

  boolean hasFeatures() {
    return features.length > 0;
  }

  /** The entity of a row, or null when one of its join keys is null (no entity to update). */
  EntityKey key(Object[] row) {
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = row[keys[i]];
      if (values[i] == null) {
        return null;
      }
    }
    return EntityKey.of(values);
  }

  /** The latest row per entity among {@code events}, by event time, created time, then sequence. */
  List<OnlineRow> latestRows(List<StreamEvent> events) {
    Map<EntityKey, StreamEvent> latest = new LinkedHashMap<>();
    for (StreamEvent e : events) {
      EntityKey k = key(e.row());
      if (k != null) {
        latest.merge(k, e, (a, b) -> isAfter(b, a) ? b : a);
      }
    }
    List<OnlineRow> out = new ArrayList<>(latest.size());
    latest.forEach(
        (k, e) -> {
          Object[] values = new Object[features.length];
          for (int i = 0; i < features.length; i++) {
            values[i] = e.row()[features[i]];
          }
          out.add(new OnlineRow(k, values, e.eventTs(), createdOf(e)));
        });
    return out;
  }

  /** The events as aggregation input, grouped by entity (one entity's events are contiguous). */
  List<EventRow> eventRows(List<StreamEvent> events) {
    Map<EntityKey, List<EventRow>> byKey = new LinkedHashMap<>();
    for (StreamEvent e : events) {
      EntityKey k = key(e.row());
      if (k == null) {
        continue;
      }
      Object[] values = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        values[i] = e.row()[columns[i]];
      }
      byKey
          .computeIfAbsent(k, x -> new ArrayList<>())
          .add(new EventRow(k, e.eventTs(), createdOf(e), e.seq(), values));
    }
    List<EventRow> out = new ArrayList<>();
    byKey.values().forEach(out::addAll);
    return out;
  }

  private Instant createdOf(StreamEvent e) {
    return created < 0 ? null : (Instant) e.row()[created];
  }

  /**
   * Whether {@code a} wins over {@code b}: greater event time, then created time (none is the
   * smallest), then sequence, as in point-in-time joins.
   */
  private boolean isAfter(StreamEvent a, StreamEvent b) {
    int c = a.eventTs().compareTo(b.eventTs());
    if (c == 0) {
      c = java.util.Comparator.nullsFirst(Instant::compareTo).compare(createdOf(a), createdOf(b));
    }
    return c != 0 ? c > 0 : a.seq() > b.seq();
  }

  private static int[] positions(Source source, List<String> names) {
    return names.stream().mapToInt(n -> position(source, n)).toArray();
  }

  private static int position(Source source, String name) {
    for (int i = 0; i < source.fields().size(); i++) {
      if (source.fields().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("source " + source.name() + " has no field " + name);
  }
}
