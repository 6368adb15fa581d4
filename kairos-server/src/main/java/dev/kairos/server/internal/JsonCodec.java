package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for HTTP: Feast's {@code /get-online-features} shape (the proto3 JSON of Feast's messages,
 * with values written as plain JSON scalars as Feast's Python server does), and Kairos' own REST
 * shape, which is row-oriented like the Kairos gRPC API.
 */
public final class JsonCodec {
  private static final String NO_TIMESTAMP = Instant.EPOCH.toString();
  private static final int KEEP_BUFFER = 1 << 20;
  private static final ThreadLocal<ByteArrayOutputStream> BUFFERS =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(16 * 1024));

  private JsonCodec() {}

  /** Parses Feast's JSON request body. */
  public static RawQuery feastRequest(byte[] body) {
    JsonNode root = readTree(body);
    if (root == null || !root.isObject()) {
      throw KairosException.user(
          "the request body must be a JSON object with 'features' or 'feature_service' and"
              + " 'entities'");
    }
    List<String> refs = new ArrayList<>();
    JsonNode features = root.get("features");
    if (features != null && !features.isNull()) {
      if (!features.isArray()) {
        throw KairosException.user("'features' must be a list of \"view:feature\" strings");
      }
      features.forEach(
          f -> {
            if (!f.isTextual()) {
              throw KairosException.user(
                  "'features' must be a list of \"view:feature\" strings, but it holds " + f);
            }
            refs.add(f.asText());
          });
    }
    JsonNode service = root.get("feature_service");
    if (service != null && !service.isNull() && !service.isTextual()) {
      throw KairosException.user("'feature_service' must be a string, but it is " + service);
    }
    JsonNode full = root.get("full_feature_names");
    JsonNode context = root.get("request_context");
    return new RawQuery(
        refs,
        service == null || service.isNull() ? null : service.asText(),
        entities(root.get("entities")),
        full != null && full.asBoolean(false),
        false,
        context == null || context.isNull() ? Map.of() : requestContext(context));
  }

  /**
   * Parses a request body; anything that is not JSON is a malformed request, reported with where
   * the parser stopped (not with Jackson's description of its input source).
   */
  static JsonNode readTree(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new KairosException(
          ErrorKind.USER,
          "the request body is not valid JSON: "
              + e.getOriginalMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          e);
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "the request body is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, List<Object>> requestContext(JsonNode node) {
    if (!node.isObject()) {
      throw KairosException.user(
          "'request_context' must be an object mapping each request field to a list of values,"
              + " e.g. {\"amount\": [12.5, 99.0]}");
    }
    return columns(node, "join key");
  }

  static Map<String, List<Object>> entities(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw KairosException.user(
          "'entities' must be an object mapping each join key to a list of values, e.g."
              + " {\"user_id\": [1001, 1002]}");
    }
    return columns(node, "join key");
  }

  /**
   * Columns of JSON scalars, one per entity row; {@code what} names a column in messages ("join
   * key", "request field").
   */
  static Map<String, List<Object>> columns(JsonNode node, String what) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      if (!column.getValue().isArray()) {
        throw KairosException.user(
            what
                + " '"
                + column.getKey()
                + "' must map to a list of values, not "
                + column.getValue());
      }
      List<Object> values = new ArrayList<>(column.getValue().size());
      int row = 0;
      for (JsonNode v : column.getValue()) {
        values.add(scalar(v, what, column.getKey(), row++));
      }
      out.put(column.getKey(), values);
    }
    return out;
  }

  private static Object scalar(JsonNode v, String what, String key, int row) {
    if (v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      if (!v.canConvertToLong()) {
        throw KairosException.user(
            what + " '" + key + "' in entity row " + row + " is out of the INT64 range: " + v);
      }
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw KairosException.user(
        what + " '" + key + "' in entity row " + row + " is not a single value: " + v);
  }

  /** Feast's columnar JSON response. */
  public static byte[] feastResponse(OnlineResult result) {
    return write(feast(result));
  }

  /** Writes Feast's columnar JSON response to {@code out}. */
  public static void feastResponse(OnlineResult result, OutputStream out) {
    write(out, feast(result));
  }

  /** Kairos' REST response: names, types, then one object per entity row. */
  public static byte[] kairosResponse(OnlineResult result) {
    return write(kairos(result));
  }

  /** Writes Kairos' REST response to {@code out}. */
  public static void kairosResponse(OnlineResult result, OutputStream out) {
    write(out, kairos(result));
  }

  private static Writer feast(OnlineResult result) {
    List<OnlineResult.Column> columns = result.columns();
    int rows = columns.isEmpty() ? 0 : columns.get(0).values().length;
    RowMemo<String> times = new RowMemo<>(rows, Instant::toString);
    return g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("metadata");
      g.writeArrayFieldStart("feature_names");
      for (String n : result.names()) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (OnlineResult.Column c : columns) {
        g.writeStartObject();
        g.writeArrayFieldStart("values");
        for (Object v : c.values()) {
          value(g, c.type(), v, true);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("statuses");
        for (var s : c.statuses()) {
          g.writeString(s.name());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("event_timestamps");
        Instant[] ts = c.eventTimestamps();
        for (int r = 0; r < ts.length; r++) {
          g.writeString(ts[r] == null ? NO_TIMESTAMP : times.get(r, ts[r]));
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    };
  }

  private static Writer kairos(OnlineResult result) {
    List<OnlineResult.Column> columns = result.columns();
    int rows = columns.isEmpty() ? 0 : columns.get(0).values().length;
    RowMemo<String> times = new RowMemo<>(rows, Instant::toString);
    return g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("names");
      for (String n : result.names()) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("types");
      for (OnlineResult.Column c : columns) {
        g.writeString(c.type().name());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("results");
      for (int r = 0; r < rows; r++) {
        g.writeStartObject();
        g.writeArrayFieldStart("values");
        for (OnlineResult.Column c : columns) {
          value(g, c.type(), c.values()[r], false);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("statuses");
        for (OnlineResult.Column c : columns) {
          g.writeString(c.statuses()[r].name());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("event_timestamps");
        for (OnlineResult.Column c : columns) {
          Instant t = c.eventTimestamps()[r];
          if (t == null) {
            g.writeNull();
          } else {
            g.writeString(times.get(r, t));
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    };
  }

  /** Timestamps: Feast writes its unix_timestamp_val (seconds); Kairos writes ISO-8601 text. */
  static void value(JsonGenerator g, ValueType type, Object v, boolean feast) throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    if (type.isList()) {
      g.writeStartArray();
      for (Object item : (List<?>) v) {
        value(g, type.elementType(), item, feast);
      }
      g.writeEndArray();
      return;
    }
    switch (type) {
      case INT32 -> g.writeNumber(((Number) v).intValue());
      case INT64 -> g.writeNumber(((Number) v).longValue());
      case FLOAT -> g.writeNumber(((Number) v).floatValue());
      case DOUBLE -> g.writeNumber(((Number) v).doubleValue());
      case BOOL -> g.writeBoolean((Boolean) v);
      case BYTES -> g.writeBinary((byte[]) v);
      case TIMESTAMP -> {
        if (feast) {
          g.writeNumber(((Instant) v).getEpochSecond());
        } else {
          g.writeString(v.toString());
        }
      }
      default -> g.writeString(v.toString());
    }
  }

  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] write(Writer writer) {
    // One buffer per thread, reused: a fresh one grew by copying for every large answer. Buffers
    // that grew past KEEP_BUFFER are dropped so idle threads do not hold big arrays.
    ByteArrayOutputStream out = BUFFERS.get();
    out.reset();
    write(out, writer);
    byte[] bytes = out.toByteArray();
    if (bytes.length > KEEP_BUFFER) {
      BUFFERS.remove();
    }
    return bytes;
  }

  private static void write(OutputStream out, Writer writer) {
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
