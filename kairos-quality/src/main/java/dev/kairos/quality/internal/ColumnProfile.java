package dev.kairos.quality.internal;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** What one pass learns about a column: types, nulls, ranges, distinct values. */
public final class ColumnProfile {
  static final int MAX_CATEGORIES = 20;

  public final String name;
  public long count;
  public long missing;
  public boolean allInteger = true;
  public boolean allFloat = true;
  public boolean allBoolean = true;
  public boolean allTimestamp = true;
  public double min = Double.POSITIVE_INFINITY;
  public double max = Double.NEGATIVE_INFINITY;
  public long newest = Long.MIN_VALUE;

  /** Distinct values while there are at most {@link #MAX_CATEGORIES}; null after. */
  public Set<String> categories = new LinkedHashSet<>();

  /** Every value seen while all were distinct; null after the first repeat. */
  private Set<String> seen = new HashSet<>();

  public boolean unique = true;

  public ColumnProfile(String name) {
    this.name = name;
  }

  public void accept(Object v) {
    count++;
    if (Values.isMissing(v)) {
      missing++;
      return;
    }
    allBoolean = allBoolean && Values.isBoolean(v);
    allInteger = allInteger && Values.isInteger(v);
    double d = Values.number(v);
    allFloat = allFloat && !Double.isNaN(d);
    if (!Double.isNaN(d)) {
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    if (allTimestamp) {
      long t = Values.epochMicros(v);
      allTimestamp = t != Long.MIN_VALUE;
      newest = Math.max(newest, t);
    }
    String text = Values.text(v);
    if (categories != null && categories.add(text) && categories.size() > MAX_CATEGORIES) {
      categories = null;
    }
    if (seen != null && !seen.add(text)) {
      seen = null;
      unique = false;
    }
  }

  public long present() {
    return count - missing;
  }

  /** The narrowest family every present value fits. */
  public TypeFamily family() {
    if (present() == 0) {
      return TypeFamily.STRING;
    }
    if (allBoolean) {
      return TypeFamily.BOOLEAN;
    }
    if (allInteger) {
      return TypeFamily.INTEGER;
    }
    if (allFloat) {
      return TypeFamily.FLOAT;
    }
    return allTimestamp ? TypeFamily.TIMESTAMP : TypeFamily.STRING;
  }
}
