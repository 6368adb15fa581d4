package dev.kairos.ui.internal;

import com.linecorp.armeria.common.QueryParams;
import dev.kairos.api.KairosException;
import java.util.List;
import java.util.Set;

/** A request's query parameters, checked: unknown names and repeated or empty values are 400s. */
final class Params {
  private final QueryParams query;

  private Params(QueryParams query) {
    this.query = query;
  }

  /**
   * @param path the endpoint, for messages
   * @param known the parameters it takes
   * @throws KairosException USER naming the first unknown parameter and the known ones
   */
  static Params check(QueryParams query, String path, List<String> known) {
    for (String name : query.names()) {
      if (!known.contains(name)) {
        throw KairosException.user(
            "unknown parameter '"
                + name
                + "'; "
                + path
                + (known.isEmpty()
                    ? " takes no parameters"
                    : " takes " + String.join(", ", known)));
      }
      List<String> values = query.getAll(name);
      if (values.size() != 1 || values.get(0).isBlank()) {
        throw KairosException.user("give parameter '" + name + "' once, with a value");
      }
    }
    return new Params(query);
  }

  String text(String name) {
    return query.get(name);
  }

  /**
   * A whole number of at least {@code min}, or {@code dflt} when absent.
   *
   * @param what what the number is, for the message, e.g. "a time in epoch milliseconds"
   */
  Long whole(String name, long min, Long dflt, String what) {
    String t = query.get(name);
    if (t == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(t.trim());
      if (v >= min) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw KairosException.user(
        name + " must be " + what + " (a whole number from " + min + "), not '" + t + "'");
  }

  static void oneOf(String what, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      throw KairosException.user(
          "unknown "
              + what
              + " '"
              + value
              + "'; known: "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
  }
}
