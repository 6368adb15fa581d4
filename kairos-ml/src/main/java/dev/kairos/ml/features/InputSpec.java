package dev.kairos.ml.features;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one feature becomes one model input. The same object encodes training rows and served rows,
 * so a model can never receive a value encoded differently from the one it was trained on.
 *
 * <ul>
 *   <li>INT32, INT64, FLOAT, DOUBLE: the number, as a 32-bit float (what XGBoost reads).
 *   <li>BOOL: 1 for true, 0 for false.
 *   <li>TIMESTAMP: its age, the seconds from the value to the request time (the entity row's
 *       timestamp in a training set, the server's clock online); a raw timestamp would make every
 *       model learn the calendar.
 *   <li>STRING: the value's position in {@code vocabulary}, the most frequent training values (most
 *       frequent first, at most {@link #MAX_VOCABULARY}); any other value is missing.
 *   <li>null (not found, outside the TTL, an empty window, a failed expression) is missing: NaN,
 *       which XGBoost routes by each split's learned default direction.
 * </ul>
 *
 * BYTES and list features cannot be model inputs.
 *
 * @param ref the feature reference
 * @param type its value type when the model was trained
 * @param vocabulary for STRING features, the known values in code order; empty otherwise
 */
public record InputSpec(FeatureRef ref, ValueType type, List<String> vocabulary) {
  /** The most values a STRING feature's vocabulary keeps. */
  public static final int MAX_VOCABULARY = 1000;

  public InputSpec {
    requireNonNull(ref, "ref");
    requireNonNull(type, "type");
    vocabulary = List.copyOf(vocabulary);
    checkSupported(ref, type);
  }

  /**
   * Fails for a type XGBoost cannot take.
   *
   * @throws KairosException USER naming the feature and its type
   */
  public static void checkSupported(FeatureRef ref, ValueType type) {
    if (type.isList() || type == ValueType.BYTES) {
      throw KairosException.user(
          "feature "
              + ref
              + " is "
              + type
              + ", which a model cannot take as an input (numbers, BOOL, STRING and TIMESTAMP"
              + " can); leave it out of the feature service, or train with --features");
    }
  }

  /** A lookup from value to code, built once per loaded model. */
  public Encoder encoder() {
    Map<String, Integer> codes = new HashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      codes.put(vocabulary.get(i), i);
    }
    return new Encoder(type, codes);
  }

  /** Encodes values of one {@link InputSpec}; thread-safe. */
  public static final class Encoder {
    private final ValueType type;
    private final Map<String, Integer> codes;

    private Encoder(ValueType type, Map<String, Integer> codes) {
      this.type = type;
      this.codes = codes;
    }

    /**
     * The model input for {@code value} (in the Java representation of the spec's type), NaN for
     * missing.
     */
    public float encode(Object value, Instant requestTime) {
      if (value == null) {
        return Float.NaN;
      }
      return switch (type) {
        case INT32, INT64, FLOAT, DOUBLE -> ((Number) value).floatValue();
        case BOOL -> ((Boolean) value) ? 1f : 0f;
        case TIMESTAMP -> ageSeconds((Instant) value, requestTime);
        case STRING -> {
          Integer code = codes.get((String) value);
          yield code == null ? Float.NaN : code;
        }
        default -> throw new IllegalStateException("unsupported input type " + type);
      };
    }

    private static float ageSeconds(Instant value, Instant requestTime) {
      Duration d = Duration.between(value, requestTime);
      return (float) (d.getSeconds() + d.getNano() / 1e9);
    }
  }
}
