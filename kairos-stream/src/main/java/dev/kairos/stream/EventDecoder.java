package dev.kairos.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stream record's JSON value into a source row: the source's fields in declaration order,
 * as Java values of their {@link ValueType}s (see {@code docs/streaming.md} for the format). Keys
 * the source does not declare are ignored; a declared field that is absent or {@code null} is null.
 * The event time must be present. Numbers must fit their type exactly (an INT64 field takes a JSON
 * integer; a DOUBLE field any number); timestamps are ISO-8601 texts with an offset.
 *
 * <p>Not thread-safe: one decoder per consumer thread.
 */
public final class EventDecoder {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Source source;
  private final Map<String, Integer> index = new HashMap<>();
  private final int timestamp;

  public EventDecoder(Source source) {
    this.source = source;
    List<Field> fields = source.fields();
    for (int i = 0; i < fields.size(); i++) {
      index.put(fields.get(i).name(), i);
    }
    this.timestamp = index.get(source.timestampField());
  }

  /** The decoded row, or a {@link BadEvent} saying why there is none. */
  public Object decode(byte[] value) {
    if (value == null) {
      return new BadEvent(DeadLetterReason.UNPARSEABLE, "the record has no value (a tombstone)");
    }
    Object[] row = new Object[source.fields().size()];
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new BadEvent(
            DeadLetterReason.UNPARSEABLE,
            "the value is not a JSON object; expected {\"field\": value, ...}");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        Integer at = index.get(name);
        if (at == null) {
          p.skipChildren();
          continue;
        }
        Field f = source.fields().get(at);
        Object v = read(p, f.type(), f.name());
        if (v instanceof BadEvent bad) {
          return bad;
        }
        row[at] = v;
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return new BadEvent(
            DeadLetterReason.UNPARSEABLE, "the value has content after its JSON object");
      }
    } catch (JsonParseException e) {
      return new BadEvent(
          DeadLetterReason.UNPARSEABLE, "the value is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return new BadEvent(DeadLetterReason.UNPARSEABLE, "the value cannot be read: " + e);
    }
    if (row[timestamp] == null) {
      return new BadEvent(
          DeadLetterReason.SCHEMA,
          "field '" + source.timestampField() + "' (the event time) is missing or null");
    }
    return row;
  }

  private static Object read(JsonParser p, ValueType type, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (type.isList()) {
      if (t != JsonToken.START_ARRAY) {
        return wrong(field, type, p);
      }
      List<Object> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        Object v = read(p, type.elementType(), field);
        if (v instanceof BadEvent bad) {
          return bad;
        }
        out.add(v);
      }
      return out;
    }
    return switch (type) {
      case INT64 ->
          t == JsonToken.VALUE_NUMBER_INT && fitsLong(p) ? p.getLongValue() : wrong(field, type, p);
      case INT32 ->
          t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
              ? p.getIntValue()
              : wrong(field, type, p);
      case DOUBLE ->
          t.isNumeric()
              ? p.getDoubleValue()
              : t == JsonToken.VALUE_STRING && special(p.getText()) != null
                  ? special(p.getText())
                  : wrong(field, type, p);
      case FLOAT ->
          t.isNumeric()
              ? p.getFloatValue()
              : t == JsonToken.VALUE_STRING && special(p.getText()) != null
                  ? (Object) special(p.getText()).floatValue()
                  : wrong(field, type, p);
      case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : wrong(field, type, p);
      case BOOL -> t.isBoolean() ? t == JsonToken.VALUE_TRUE : wrong(field, type, p);
      case TIMESTAMP ->
          t == JsonToken.VALUE_STRING ? instant(p.getText(), field) : wrong(field, type, p);
      case BYTES -> t == JsonToken.VALUE_STRING ? bytes(p.getText(), field) : wrong(field, type, p);
      default -> throw new IllegalStateException("list type " + type);
    };
  }

  /** JSON has no NaN or infinities: they travel as these texts (as EventJson writes them). */
  private static Double special(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private static boolean fitsLong(JsonParser p) throws IOException {
    JsonParser.NumberType n = p.getNumberType();
    return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG;
  }

  private static Object instant(String text, String field) {
    try {
      return text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return new BadEvent(
          DeadLetterReason.SCHEMA,
          "field '"
              + field
              + "' is TIMESTAMP but '"
              + text
              + "' is not an ISO-8601 time with an offset, like 2026-12-04T10:15:30.5Z");
    }
  }

  private static Object bytes(String text, String field) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return new BadEvent(
          DeadLetterReason.SCHEMA, "field '" + field + "' is BYTES but is not base64 text");
    }
  }

  private static BadEvent wrong(String field, ValueType type, JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    String seen =
        switch (t) {
          case VALUE_STRING -> "the text \"" + abbreviate(p.getText()) + "\"";
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(p.getText());
          case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
          case START_ARRAY -> "an array";
          case START_OBJECT -> "an object";
          default -> t.toString();
        };
    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
      p.skipChildren();
    }
    return new BadEvent(
        DeadLetterReason.SCHEMA, "field '" + field + "' is " + type + " but the event has " + seen);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
