package dev.kairos.quality.internal;

import dev.kairos.core.definitions.Suggestions;
import java.util.Collection;

/** "Did you mean" suggestions by edit distance. */
public final class Suggest {
  private Suggest() {}

  /**
   * A candidate the word abbreviates ("max" for "max_value"), else the closest by edit distance
   * within a third of the word's length, or null.
   */
  public static String nearest(String word, Collection<String> candidates) {
    String prefixed = null;
    for (String c : candidates) {
      if (word.length() >= 2
          && c.startsWith(word)
          && (prefixed == null || c.length() < prefixed.length())) {
        prefixed = c;
      }
    }
    if (prefixed != null) {
      return prefixed;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = Suggestions.distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, word.length() / 3) ? best : null;
  }
}
