package dev.kairos.core.aggregate;

import dev.kairos.api.Aggregation;

/**
 * How the writer groups a state's events into tiles: by age relative to the state's latest event,
 * finer for recent events and coarser for old ones, so that the tile a window's start falls in is
 * small against the window, while the number of tiles stays bounded.
 *
 * <p>The units are the "nice" durations 1s, 10s, 1m, 5m, 10m, 30m, 1h, 3h, 6h, 12h, 1d (each
 * divides the next), from {@code finest}, the largest unit no longer than a quarter of the shortest
 * finite window, to {@code top}, the smallest unit with {@code horizon / top <= 32} (1d when none
 * is). An event goes into a tile of unit {@code u_j} when {@code ts >= C_j = alignDown(latest,
 * u_{j+1}) - 2 u_{j+1}}, trying the finest unit first, else into a coarser one; each boundary is a
 * multiple of the next unit, so tiles never overlap, and a tile of unit {@code u > finest} only
 * holds events older than {@code 2u}. Hence the tile holding {@code now - W} (for {@code now >=
 * latest}) spans at most {@code max(finest, min(top, W / 2))}, and there are at most {@code 3
 * sum(u_{j+1} / u_j) + horizon / top + 1} tiles (112 for windows from 1m to 30d).
 *
 * <p>{@link AggregationState} then writes neighbouring tiles that together hold fewer than {@link
 * Tile#MIN_EVENTS} events as one. The reader never needs this rule: it relies only on tiles being
 * ordered and disjoint in time, so the rule may change without a format change.
 */
final class Tiling {
  private static final long S = 1_000_000L;
  static final long[] UNITS = {
    S,
    10 * S,
    60 * S,
    300 * S,
    600 * S,
    1_800 * S,
    3_600 * S,
    10_800 * S,
    21_600 * S,
    43_200 * S,
    86_400 * S
  };
  static final int MAX_TOP_TILES = 32;
  private static final int AGE_FACTOR = 2;

  private final long[] units;

  Tiling(long[] units) {
    this.units = units;
  }

  static Tiling of(AggregationLayout layout) {
    long shortest = Long.MAX_VALUE;
    for (Aggregation a : layout.view().aggregations()) {
      if (!a.window().isLifetime()) {
        shortest = Math.min(shortest, a.window().micros());
      }
    }
    long horizon = layout.horizonMicros();
    int top = UNITS.length - 1;
    while (top > 0 && horizon / UNITS[top - 1] <= MAX_TOP_TILES) {
      top--;
    }
    int finest = 0;
    while (finest < top && UNITS[finest + 1] <= shortest / 4) {
      finest++;
    }
    long[] units = new long[top - finest + 1];
    System.arraycopy(UNITS, finest, units, 0, units.length);
    return new Tiling(units);
  }

  /**
   * The unit of the tile holding an event at {@code ts} in a state whose latest event is at {@code
   * latest}.
   */
  long unit(long ts, long latest) {
    for (int j = 0; j + 1 < units.length; j++) {
      long next = units[j + 1];
      if (ts >= Math.floorDiv(latest, next) * next - AGE_FACTOR * next) {
        return units[j];
      }
    }
    return units[units.length - 1];
  }

  /** The start of the tile holding an event at {@code ts}; nondecreasing in {@code ts}. */
  long tileStart(long ts, long latest) {
    long u = unit(ts, latest);
    return Math.floorDiv(ts, u) * u;
  }

  long finest() {
    return units[0];
  }

  long top() {
    return units[units.length - 1];
  }
}
