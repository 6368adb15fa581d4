package dev.kairos.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Converts values between their text form in files and their Java representation (see {@link
 * ValueType}).
 *
 * <p>Text forms: integers and decimals as usual ({@code NaN}, {@code Infinity} allowed for
 * FLOAT/DOUBLE); BOOL {@code true}/{@code false} (any case) or {@code 1}/{@code 0}; BYTES in
 * base64; TIMESTAMP ISO-8601 with {@code Z} or an offset ({@code 2026-01-01T10:00:00Z}, {@code
 * 2026-01-01T11:00:00+01:00}, a space instead of {@code T} is accepted) or a date alone ({@code
 * 2026-01-01}, midnight UTC); a timestamp without zone is rejected as ambiguous. Timestamps are
 * kept to the microsecond (finer digits are dropped), as the offline stores keep them. Lists are
 * JSON arrays: {@code [1,2,3]}, {@code ["a","b"]}, {@code [true,null]}; timestamps and bytes inside
 * a list are JSON strings in their text form.
 */
public final class ValueText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter OFFSET_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .appendOffset("+HH:MM:ss", "Z")
          .toFormatter(Locale.ROOT);

  private ValueText() {}

  /**
   * Converts a value read from a file to {@code type}: text is parsed, typed values (from Parquet)
   * are checked and widened where lossless (INT32 to INT64, FLOAT to DOUBLE, a date to a
   * timestamp).
   *
   * @return null for null
   * @throws IllegalArgumentException with a message such as {@code 'abc' is not a DOUBLE}
   */
  public static Object convert(Object raw, ValueType type) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s) {
      return parse(s, type);
    }
    if (type.isList()) {
      if (!(raw instanceof List<?> list)) {
        throw notA(raw, type);
      }
      List<Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(convert(element, type.elementType()));
      }
      return out;
    }
    Object v = widen(raw, type);
    if (v == null) {
      throw notA(raw, type);
    }
    return v;
  }

  private static Object widen(Object raw, ValueType type) {
    return switch (type) {
      case INT32 ->
          raw instanceof Integer || raw instanceof Short || raw instanceof Byte
              ? ((Number) raw).intValue()
              : null;
      case INT64 ->
          raw instanceof Long
                  || raw instanceof Integer
                  || raw instanceof Short
                  || raw instanceof Byte
              ? ((Number) raw).longValue()
              : null;
      case FLOAT -> raw instanceof Float ? raw : null;
      case DOUBLE ->
          raw instanceof Double || raw instanceof Float ? ((Number) raw).doubleValue() : null;
      case BOOL -> raw instanceof Boolean ? raw : null;
      case BYTES -> raw instanceof byte[] ? raw : null;
      case TIMESTAMP ->
          raw instanceof Instant i
              ? i.truncatedTo(ChronoUnit.MICROS)
              : raw instanceof LocalDate d ? d.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
      default -> null;
    };
  }

  /**
   * Parses the text form of a value (no null handling: callers map empty fields to null).
   *
   * @throws IllegalArgumentException with a message such as {@code 'abc' is not a DOUBLE}
   */
  public static Object parse(String text, ValueType type) {
    try {
      return switch (type) {
        case INT32 -> Integer.parseInt(text.trim());
        case INT64 -> Long.parseLong(text.trim());
        case FLOAT -> Float.parseFloat(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case STRING -> text;
        case BOOL -> parseBool(text.trim());
        case BYTES -> Base64.getDecoder().decode(text.trim());
        case TIMESTAMP -> parseTimestamp(text.trim());
        default -> parseList(text, type);
      };
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw notA(text, type);
    }
  }

  private static Boolean parseBool(String t) {
    if (t.equalsIgnoreCase("true") || t.equals("1")) {
      return Boolean.TRUE;
    }
    if (t.equalsIgnoreCase("false") || t.equals("0")) {
      return Boolean.FALSE;
    }
    throw new NumberFormatException(t);
  }

  /** Parses an ISO-8601 timestamp with zone, or a date alone (midnight UTC). */
  public static Instant parseTimestamp(String t) {
    long micros = FastTimestamp.parseZoned(t);
    if (micros != FastTimestamp.NONE) {
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    if (t.length() == 10) {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return OffsetDateTime.parse(t, OFFSET_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
  }

  private static List<Object> parseList(String text, ValueType type) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw notA(text, type);
    }
    if (!(node instanceof ArrayNode array)) {
      throw notA(text, type);
    }
    ValueType element = type.elementType();
    List<Object> out = new ArrayList<>(array.size());
    for (JsonNode n : array) {
      if (n.isNull()) {
        out.add(null);
      } else if (n.isContainerNode() || (isTextual(element) && !n.isTextual())) {
        throw notA(text, type);
      } else {
        out.add(parse(n.asText(), element));
      }
    }
    return out;
  }

  private static boolean isTextual(ValueType element) {
    return element == ValueType.STRING
        || element == ValueType.BYTES
        || element == ValueType.TIMESTAMP;
  }

  /**
   * The text form of a value, the inverse of {@link #parse}; null gives null. Timestamps are
   * written ISO-8601 in UTC ({@code 2026-01-01T10:00:00Z}).
   */
  public static String format(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC).toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object e = list.get(i);
        if (e == null) {
          sb.append("null");
        } else if (e instanceof Number || e instanceof Boolean) {
          sb.append(jsonNumber(e));
        } else {
          sb.append(quoteJson(format(e)));
        }
      }
      return sb.append(']').toString();
    }
    return value.toString();
  }

  private static String jsonNumber(Object n) {
    String s = n.toString();
    // JSON has no NaN/Infinity; quote them so the list still parses back.
    return s.equals("NaN") || s.endsWith("Infinity") ? quoteJson(s) : s;
  }

  private static String quoteJson(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot quote a string as JSON", e);
    }
  }

  private static IllegalArgumentException notA(Object raw, ValueType type) {
    String name = type.name();
    String article = name.startsWith("INT") ? "an " : "a ";
    String shown = raw instanceof String s ? s : raw.getClass().getSimpleName() + " value";
    return new IllegalArgumentException("'" + shown + "' is not " + article + name);
  }
}
