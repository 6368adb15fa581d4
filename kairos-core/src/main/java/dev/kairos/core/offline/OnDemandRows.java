package dev.kairos.core.offline;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.core.ondemand.CompiledView;
import dev.kairos.core.ondemand.Input;
import dev.kairos.core.ondemand.OnDemandViews;
import dev.kairos.core.ondemand.RequestValues;
import dev.kairos.spi.HistoricalQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Request-time features in a training set. The store joins the features of feature views the
 * request asks for and those the request-time expressions read (hidden columns when not asked for);
 * each joined row is then completed here with the same {@link CompiledView} the feature server
 * uses: {@code request.<field>} from the entity file's column of that name (parsed as the field's
 * type), {@code request_time} from {@code event_timestamp}.
 */
final class OnDemandRows {
  private final List<FeatureRef> requested;
  private final List<FeatureRef> joined;
  private final Map<String, CompiledView> views;
  // Per view: the inputs the requested features read; the others stay null.
  private final Map<String, Set<Input>> needed;
  // Per requested feature: its position among the joined columns, or -1 for a request-time one.
  private final int[] joinedIndex;
  private final Map<String, int[]> requestColumns = new LinkedHashMap<>();
  private int entityColumnCount;
  private int eventTimestampColumn;
  private String file;

  private OnDemandRows(
      List<FeatureRef> requested,
      List<FeatureRef> joined,
      Map<String, CompiledView> views,
      Map<String, Set<Input>> needed) {
    this.needed = needed;
    this.requested = requested;
    this.joined = joined;
    this.views = views;
    this.joinedIndex = new int[requested.size()];
    for (int i = 0; i < joinedIndex.length; i++) {
      joinedIndex[i] =
          views.containsKey(requested.get(i).view()) ? -1 : joined.indexOf(requested.get(i));
    }
  }

  /** The plan, or null when no requested feature is a request-time one. */
  static OnDemandRows of(Definitions defs, List<FeatureRef> refs) {
    if (refs.stream().noneMatch(r -> defs.onDemandView(r.view()).isPresent())) {
      return null;
    }
    OnDemandViews compiled = OnDemandViews.of(defs);
    Map<String, CompiledView> views = new LinkedHashMap<>();
    Map<String, List<String>> requested = new LinkedHashMap<>();
    Set<FeatureRef> joined = new LinkedHashSet<>();
    for (FeatureRef ref : refs) {
      if (compiled.contains(ref.view())) {
        views.computeIfAbsent(ref.view(), compiled::require);
        requested.computeIfAbsent(ref.view(), v -> new ArrayList<>()).add(ref.name());
      } else {
        joined.add(ref);
      }
    }
    Map<String, Set<Input>> needed = new LinkedHashMap<>();
    for (CompiledView v : views.values()) {
      List<Input> inputs = v.inputsOf(requested.get(v.view().name()));
      needed.put(v.view().name(), new LinkedHashSet<>(inputs));
      inputs.stream().filter(i -> i.feature() != null).forEach(i -> joined.add(i.feature()));
    }
    return new OnDemandRows(refs, List.copyOf(joined), views, needed);
  }

  /** The features the point-in-time join computes: the requested plain ones, then the inputs. */
  List<FeatureRef> joined() {
    return joined;
  }

  /** True for a joined feature the request did not ask for (a hidden output column). */
  boolean isHidden(FeatureRef ref) {
    return !requested.contains(ref);
  }

  /**
   * Finds each request field's column in the entity file.
   *
   * @throws KairosException USER naming the file and the field when a column is missing
   */
  void bind(String file, List<String> header) {
    this.file = file;
    this.entityColumnCount = header.size();
    this.eventTimestampColumn = header.indexOf(HistoricalQuery.EVENT_TIMESTAMP);
    for (CompiledView v : views.values()) {
      int[] columns = new int[v.inputs().size()];
      for (int i = 0; i < columns.length; i++) {
        Input in = v.inputs().get(i);
        boolean used = needed.get(v.view().name()).contains(in);
        columns[i] =
            !used
                ? -1
                : in.feature() != null
                    ? header.size() + joined.indexOf(in.feature())
                    : in.requestField() != null ? header.indexOf(in.requestField()) : -1;
        if (used && in.requestField() != null && columns[i] < 0) {
          throw KairosException.user(
              file
                  + ": missing column '"
                  + in.requestField()
                  + "', a request field of request-time view '"
                  + v.view().name()
                  + "'; columns found: "
                  + String.join(", ", header));
        }
      }
      requestColumns.put(v.view().name(), columns);
    }
  }

  /**
   * A sink of joined rows that passes on complete rows: entity columns, then the requested
   * features.
   */
  Consumer<Object[]> completing(Consumer<Object[]> out) {
    long[] rowNumber = {0};
    return joinedRow -> out.accept(complete(joinedRow, ++rowNumber[0]));
  }

  private Object[] complete(Object[] joinedRow, long rowNumber) {
    Object[] row = new Object[entityColumnCount + requested.size()];
    System.arraycopy(joinedRow, 0, row, 0, entityColumnCount);
    Map<String, Object[]> computed = new LinkedHashMap<>();
    for (int i = 0; i < joinedIndex.length; i++) {
      FeatureRef ref = requested.get(i);
      if (joinedIndex[i] >= 0) {
        row[entityColumnCount + i] = joinedRow[entityColumnCount + joinedIndex[i]];
      } else {
        CompiledView v = views.get(ref.view());
        Object[] values =
            computed.computeIfAbsent(ref.view(), n -> evaluate(v, joinedRow, rowNumber));
        row[entityColumnCount + i] = values[v.indexOf(ref.name())];
      }
    }
    return row;
  }

  private Object[] evaluate(CompiledView v, Object[] joinedRow, long rowNumber) {
    int[] columns = requestColumns.get(v.view().name());
    List<Input> inputs = v.inputs();
    Object[] in = new Object[inputs.size()];
    for (int i = 0; i < in.length; i++) {
      Input input = inputs.get(i);
      if (input.isRequestTime()) {
        in[i] = joinedRow[eventTimestampColumn];
      } else if (columns[i] < 0) {
        in[i] = null;
      } else if (input.requestField() != null) {
        in[i] =
            RequestValues.coerce(
                input.requestField(),
                input.type(),
                joinedRow[columns[i]],
                file + " entity row " + rowNumber);
      } else {
        in[i] = joinedRow[columns[i]];
      }
    }
    return v.evaluate(in);
  }
}
