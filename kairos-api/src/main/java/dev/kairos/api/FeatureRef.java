package dev.kairos.api;

import static java.util.Objects.requireNonNull;

/**
 * A reference to one feature of a view, written {@code view:feature}. In feature services the name
 * {@code *} stands for every feature of the view.
 */
public record FeatureRef(String view, String name) {
  public static final String WILDCARD = "*";

  public FeatureRef {
    requireNonNull(view, "view");
    requireNonNull(name, "name");
    if (view.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException(
          "feature reference needs a view and a feature: " + view + ":" + name);
    }
  }

  /**
   * Parses {@code view:feature}.
   *
   * @throws IllegalArgumentException when the text is not of that form
   */
  public static FeatureRef parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "feature reference '" + text + "' is not of the form view:feature");
    }
    return new FeatureRef(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
  }

  public boolean isWildcard() {
    return WILDCARD.equals(name);
  }

  /** The {@code view__feature} column name used with full feature names. */
  public String fullName() {
    return view + "__" + name;
  }

  @Override
  public String toString() {
    return view + ":" + name;
  }
}
