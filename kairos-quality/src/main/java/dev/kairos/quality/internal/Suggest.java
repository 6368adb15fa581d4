package dev.kairos.quality.internal;

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
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, word.length() / 3) ? best : null;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
