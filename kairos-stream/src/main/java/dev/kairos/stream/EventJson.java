package dev.kairos.stream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.kairos.api.Field;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of one source row as a Kafka record value: the format {@code kairos replay} writes
 * and {@code kairos stream} reads.
 *
 * <p>A UTF-8 JSON object whose keys are the source's field names, in the source's order, each once.
 * Values follow the field's {@link ValueType}: INT32 and INT64 as JSON integers, FLOAT and DOUBLE
 * as JSON numbers (NaN and the infinities, which JSON lacks, as the strings {@code "NaN"}, {@code
 * "Infinity"}, {@code "-Infinity"}), STRING as strings, BOOL as booleans, BYTES as standard base64
 * strings, TIMESTAMP as ISO-8601 UTC strings ({@link Instant#toString()}, for example {@code
 * "2026-12-04T14:22:53.123456Z"}), a {@code *_LIST} as an array of its elements in that form, and a
 * missing value (or list element) as {@code null}.
 */
public final class EventJson {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /** The field names of the source encoded last, escaped once: a replay encodes one source. */
  private static volatile Names lastNames;

  private record Names(Source source, SerializedString[] names) {}

  /**
   * A generator per thread, reused from event to event: creating one costs more than writing a
   * small event. Root values are written without a separator, so each event's bytes stand alone.
   */
  private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

  private static final class Writer {
    final ByteArrayBuilder out = new ByteArrayBuilder(512);
    final JsonGenerator g;

    Writer() {
      try {
        g = JSON.createGenerator(out, JsonEncoding.UTF8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write JSON to memory", e);
      }
      g.setRootValueSeparator(null);
    }
  }

  private EventJson() {}

  /**
   * Encodes a row of the source.
   *
   * @param row one value per field of {@code source}, in field order, in the Java representation of
   *     {@link ValueType}
   * @throws IllegalArgumentException when the row's length differs from the source's field count,
   *     or a value does not fit its field's type (the message names the field)
   */
  public static byte[] encode(Source source, Object[] row) {
    List<Field> fields = source.fields();
    if (row.length != fields.size()) {
      throw new IllegalArgumentException(
          "source '"
              + source.name()
              + "' has "
              + fields.size()
              + " fields but the row has "
              + row.length
              + " values");
    }
    SerializedString[] names = names(source);
    Writer w = WRITERS.get();
    JsonGenerator g = w.g;
    boolean done = false;
    try {
      g.writeStartObject();
      for (int i = 0; i < row.length; i++) {
        Field f = fields.get(i);
        g.writeFieldName(names[i]);
        try {
          write(g, row[i], f.type());
        } catch (ClassCastException e) {
          throw new IllegalArgumentException(
              "field '"
                  + f.name()
                  + "' of source '"
                  + source.name()
                  + "' is "
                  + f.type()
                  + " but the value is a "
                  + row[i].getClass().getSimpleName(),
              e);
        }
      }
      g.writeEndObject();
      g.flush();
      byte[] bytes = w.out.toByteArray();
      w.out.reset();
      done = true;
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON to memory", e);
    } finally {
      if (!done) {
        WRITERS.remove(); // a half-written event leaves the generator inside an object
      }
    }
  }

  private static SerializedString[] names(Source source) {
    Names n = lastNames;
    if (n == null || n.source() != source) {
      SerializedString[] names = new SerializedString[source.fields().size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = new SerializedString(source.fields().get(i).name());
      }
      n = new Names(source, names);
      lastNames = n;
    }
    return n.names();
  }

  private static void write(JsonGenerator g, Object value, ValueType type) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    if (type.isList()) {
      ValueType element = type.elementType();
      List<?> list = (List<?>) value;
      g.writeStartArray();
      for (Object e : list) {
        write(g, e, element);
      }
      g.writeEndArray();
      return;
    }
    switch (type) {
      case INT32 -> g.writeNumber((Integer) value);
      case INT64 -> g.writeNumber((Long) value);
      case FLOAT -> g.writeNumber((Float) value);
      case DOUBLE -> g.writeNumber((Double) value);
      case STRING -> g.writeString((String) value);
      case BOOL -> g.writeBoolean((Boolean) value);
      case BYTES -> g.writeString(Base64.getEncoder().encodeToString((byte[]) value));
      case TIMESTAMP -> g.writeString(Iso.format((Instant) value));
      default -> throw new IllegalStateException("unhandled type " + type);
    }
  }
}
