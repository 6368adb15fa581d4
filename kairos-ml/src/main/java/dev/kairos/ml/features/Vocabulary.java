package dev.kairos.ml.features;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Learns a STRING feature's vocabulary from the training rows. */
public final class Vocabulary {
  private final Map<String, Long> counts = new HashMap<>();

  /** Counts one training value (null is ignored). */
  public void add(Object value) {
    if (value != null) {
      counts.merge((String) value, 1L, Long::sum);
    }
  }

  /**
   * The most frequent values, most frequent first, ties in text order, at most {@link
   * InputSpec#MAX_VOCABULARY}.
   */
  public List<String> values() {
    return counts.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(InputSpec.MAX_VOCABULARY)
        .map(Map.Entry::getKey)
        .toList();
  }
}
