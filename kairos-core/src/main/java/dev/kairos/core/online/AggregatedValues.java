package dev.kairos.core.online;

import dev.kairos.api.Aggregation;
import dev.kairos.api.FeatureView;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.spi.OnlineRow;
import java.time.Instant;
import java.util.List;

/** Every aggregation of one view for each entity row of a request, computed at request time. */
final class AggregatedValues {
  private final Object[][] values;
  private final Instant[] times;

  private AggregatedValues(Object[][] values, Instant[] times) {
    this.values = values;
    this.times = times;
  }

  /** Decodes each row's state and evaluates it at {@code now}; a missing state stays null. */
  static AggregatedValues evaluate(AggregationLayout layout, List<OnlineRow> rows, Instant now) {
    int n = rows.size();
    Object[][] values = new Object[n][];
    Instant[] times = new Instant[n];
    for (int r = 0; r < n; r++) {
      OnlineRow row = rows.get(r);
      if (row == null) {
        continue;
      }
      try {
        // A tile's raw events are decoded while evaluating, so bad bytes may show only then.
        AggregationState state = AggregationState.decode(layout, (byte[]) row.values()[0]);
        if (state != null) {
          values[r] = state.evaluate(now);
          times[r] = row.eventTs();
        }
      } catch (IllegalArgumentException e) {
        throw KairosException.internal(
            "aggregation state of view '"
                + layout.view().name()
                + "' for "
                + row.key()
                + " is unreadable: "
                + e.getMessage()
                + "; materialize the view again",
            e);
      }
    }
    return new AggregatedValues(values, times);
  }

  /** One aggregation's column; its event time is that of the entity's latest event. */
  OnlineResult.Column column(FeatureView view, String feature) {
    int index = view.aggregations().indexOf(view.aggregation(feature).orElseThrow());
    Aggregation a = view.aggregations().get(index);
    int n = values.length;
    Object[] out = new Object[n];
    FieldStatus[] statuses = new FieldStatus[n];
    for (int r = 0; r < n; r++) {
      if (values[r] == null) {
        // No state: the entity has no event in any window, so the value is the empty window's
        // (0 for count, count_distinct and sum), the one a training set holds for it.
        statuses[r] = FieldStatus.NOT_FOUND;
        out[r] = emptyValue(a);
      } else {
        out[r] = values[r][index];
        statuses[r] = out[r] == null ? FieldStatus.NULL_VALUE : FieldStatus.PRESENT;
      }
    }
    return new OnlineResult.Column(a.type(), out, statuses, times);
  }

  /** What an empty window gives: 0 of the aggregation's type for count, count_distinct, sum. */
  static Object emptyValue(Aggregation a) {
    if (!a.function().zeroWhenEmpty()) {
      return null;
    }
    return a.type() == dev.kairos.api.ValueType.DOUBLE ? (Object) 0.0 : (Object) 0L;
  }
}
