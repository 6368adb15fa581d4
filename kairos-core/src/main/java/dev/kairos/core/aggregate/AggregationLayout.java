package dev.kairos.core.aggregate;

import dev.kairos.api.Aggregation;
import dev.kairos.api.AggregationFunction;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the online aggregation state of one view is laid out: the source columns its events carry,
 * the horizon (its longest finite window) and the lifetime aggregations whose older events are
 * compacted. The state of an entity is stored as one row of {@link #storageView()}, a hidden view
 * named {@code <view>#aggregations} with one BYTES feature; see {@code docs/online-encoding.md}.
 *
 * @param columnIndex for each aggregation of the view, the position of its column in {@link
 *     #columns()}
 * @param lifetime the positions (among the view's aggregations) of the lifetime ones
 * @param horizonMicros the longest finite window in microseconds, 0 when there is none
 * @param fingerprint a hash of what the kept events and lifetime accumulators depend on; state
 *     written under another fingerprint reads as absent
 * @param partials the distinct (function, column) pairs of the view's aggregations, lifetime ones
 *     included: each tile of the state holds one partial aggregate per pair
 * @param partialIndex for each aggregation of the view, the position of its pair in {@link
 *     #partials()}
 * @param partialsFingerprint a hash of {@link #partials()}: tiles written under another one are
 *     read from their raw events (exact, but linear in the events kept) until the next write
 */
public record AggregationLayout(
    FeatureView view,
    List<Field> columns,
    int[] columnIndex,
    int[] lifetime,
    long horizonMicros,
    long fingerprint,
    FeatureView storageView,
    List<Partial> partials,
    int[] partialIndex,
    long partialsFingerprint) {

  /**
   * One partial aggregate a tile keeps: {@code function} over the column at {@code column} (an
   * index into {@link #columns()}), needed by windows up to {@code maxWindowMicros} ({@link
   * Long#MAX_VALUE} when a lifetime aggregation uses it).
   */
  public record Partial(AggregationFunction function, int column, long maxWindowMicros) {}

  /** Suffix of the hidden view that holds a view's aggregation state. */
  public static final String STORAGE_SUFFIX = "#aggregations";

  public static final String STATE_FEATURE = "state";

  /** The layout of an aggregating view. */
  public static AggregationLayout of(FeatureView view, Source source) {
    if (!view.hasAggregations()) {
      throw new IllegalArgumentException("view " + view.name() + " has no aggregations");
    }
    List<Field> columns = new ArrayList<>();
    List<Aggregation> aggs = view.aggregations();
    int[] columnIndex = new int[aggs.size()];
    List<Integer> lifetime = new ArrayList<>();
    long horizon = 0;
    for (int i = 0; i < aggs.size(); i++) {
      Aggregation a = aggs.get(i);
      int c = indexOf(columns, a.column());
      if (c < 0) {
        ValueType type =
            source
                .field(a.column())
                .orElseThrow(
                    () ->
                        KairosException.user(
                            "view '"
                                + view.name()
                                + "' aggregates column '"
                                + a.column()
                                + "', which source '"
                                + source.name()
                                + "' does not have"))
                .type();
        c = columns.size();
        columns.add(new Field(a.column(), type));
      }
      columnIndex[i] = c;
      if (a.window().isLifetime()) {
        lifetime.add(i);
      } else {
        horizon = Math.max(horizon, a.window().micros());
      }
    }
    int[] life = lifetime.stream().mapToInt(Integer::intValue).toArray();
    long fp = fingerprint(columns, aggs, life, horizon);
    List<Partial> partials = new ArrayList<>();
    int[] partialIndex = new int[aggs.size()];
    for (int i = 0; i < aggs.size(); i++) {
      Aggregation a = aggs.get(i);
      long w = a.window().isLifetime() ? Long.MAX_VALUE : a.window().micros();
      int p = 0;
      while (p < partials.size()
          && (partials.get(p).function() != a.function()
              || partials.get(p).column() != columnIndex[i])) {
        p++;
      }
      if (p == partials.size()) {
        partials.add(new Partial(a.function(), columnIndex[i], w));
      } else if (w > partials.get(p).maxWindowMicros()) {
        partials.set(p, new Partial(a.function(), columnIndex[i], w));
      }
      partialIndex[i] = p;
    }
    FeatureView storage =
        new FeatureView(
            view.name() + STORAGE_SUFFIX,
            view.entities(),
            view.source(),
            // With no lifetime aggregation, a state whose latest event is older than the horizon
            // is outside every window: stores with TTL expiry may remove it.
            life.length == 0 ? Duration.ofNanos(horizon * 1000) : Duration.ZERO,
            List.of(new Field(STATE_FEATURE, ValueType.BYTES)),
            true,
            Map.of(),
            view.owner(),
            "aggregation state of " + view.name());
    return new AggregationLayout(
        view,
        List.copyOf(columns),
        columnIndex,
        life,
        horizon,
        fp,
        storage,
        List.copyOf(partials),
        partialIndex,
        partialsFingerprint(columns, partials));
  }

  public static AggregationLayout of(FeatureView view, Definitions definitions) {
    return of(view, definitions.sourceOf(view));
  }

  /**
   * Every view of {@code definitions}, then the hidden storage view of each online aggregating one
   * (only those have state): what an online store's housekeeping, such as TTL expiry (see {@code
   * OnlineStore#viewsDefined}), must cover.
   */
  public static List<FeatureView> storedViews(Definitions definitions) {
    List<FeatureView> out = new ArrayList<>(definitions.views());
    for (FeatureView v : definitions.views()) {
      if (v.online() && v.hasAggregations()) {
        out.add(of(v, definitions).storageView());
      }
    }
    return List.copyOf(out);
  }

  /** The column names, for {@link dev.kairos.spi.EventQuery}. */
  public List<String> columnNames() {
    return columns.stream().map(Field::name).toList();
  }

  boolean isLifetime(int aggregation) {
    for (int l : lifetime) {
      if (l == aggregation) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * FNV-1a over the columns, the lifetime aggregations and the horizon; unchanged since format
   * version 1, so that a version-1 state keeps being read.
   */
  private static long fingerprint(
      List<Field> columns, List<Aggregation> aggs, int[] lifetime, long horizon) {
    StringBuilder text = new StringBuilder("v1|").append(horizon);
    columns.forEach(c -> text.append('|').append(c.name()).append(':').append(c.type()));
    for (int l : lifetime) {
      Aggregation a = aggs.get(l);
      text.append("|L:").append(a.function()).append(':').append(a.column());
    }
    return fnv1a(text.toString());
  }

  /** FNV-1a of {@code p2} then {@code |<FUNCTION>:<column>:<max window µs, -1 lifetime>} each. */
  private static long partialsFingerprint(List<Field> columns, List<Partial> partials) {
    StringBuilder text = new StringBuilder("p2");
    for (Partial p : partials) {
      text.append('|')
          .append(p.function())
          .append(':')
          .append(columns.get(p.column()).name())
          .append(':')
          .append(p.maxWindowMicros() == Long.MAX_VALUE ? -1 : p.maxWindowMicros());
    }
    return fnv1a(text.toString());
  }

  private static long fnv1a(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
