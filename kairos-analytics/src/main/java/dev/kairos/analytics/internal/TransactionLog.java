package dev.kairos.analytics.internal;

import dev.kairos.api.Definitions;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import dev.kairos.core.config.AnalyticsSettings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction log the views read: the configured source, checked against the applied
 * definitions, so that a wrong name or type gives one clear message instead of an SQL error.
 *
 * @param labelIsBool the label is a boolean (otherwise an integer, non-zero meaning fraud)
 */
record TransactionLog(AnalyticsSettings settings, Source source, boolean labelIsBool) {
  private static final Set<ValueType> NUMBERS =
      EnumSet.of(ValueType.INT32, ValueType.INT64, ValueType.FLOAT, ValueType.DOUBLE);
  private static final Set<ValueType> TEXT = EnumSet.of(ValueType.STRING);
  private static final Set<ValueType> IDS =
      EnumSet.of(ValueType.INT32, ValueType.INT64, ValueType.STRING);
  private static final Map<String, Set<ValueType>> TYPES =
      Map.of(
          "amount", NUMBERS,
          "currency", TEXT,
          "category", TEXT,
          "country", TEXT,
          "label", EnumSet.of(ValueType.INT32, ValueType.INT64, ValueType.BOOL),
          "user", IDS,
          "merchant", IDS,
          "device", IDS,
          "transaction_id", IDS);

  /**
   * @throws KairosException USER listing every column that is missing or of an unsuitable type
   */
  static TransactionLog check(AnalyticsSettings settings, Definitions definitions) {
    Source source =
        definitions
            .source(settings.source())
            .orElseThrow(
                () ->
                    KairosException.user(
                        "analytics source '"
                            + settings.source()
                            + "' in kairos.yaml is not an applied source (applied: "
                            + String.join(
                                ", ", definitions.sources().stream().map(Source::name).toList())
                            + "); fix analytics.source or run kairos apply"));
    List<String> problems = new ArrayList<>();
    settings
        .columns()
        .forEach(
            (key, name) -> {
              Field f = source.field(name).orElse(null);
              if (f == null) {
                problems.add(
                    "analytics."
                        + key
                        + ": source '"
                        + source.name()
                        + "' has no field '"
                        + name
                        + "' (its fields: "
                        + String.join(", ", source.fields().stream().map(Field::name).toList())
                        + ")");
              } else if (!TYPES.get(key).contains(f.type())) {
                problems.add(
                    "analytics."
                        + key
                        + ": field '"
                        + name
                        + "' of source '"
                        + source.name()
                        + "' is "
                        + f.type()
                        + ", but must be one of "
                        + TYPES.get(key).stream().map(Enum::name).sorted().toList());
              }
            });
    if (!problems.isEmpty()) {
      throw KairosException.user(
          String.join("\n", problems) + "\nfix the analytics section of kairos.yaml");
    }
    boolean bool = source.field(settings.label()).orElseThrow().type() == ValueType.BOOL;
    return new TransactionLog(settings, source, bool);
  }
}
