package dev.kairos.server.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import dev.kairos.api.ValueType;
import java.io.IOException;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Writes one value as the body of a protocol's {@code Value} message (a oneof) straight to a {@link
 * CodedOutputStream}, the bytes protobuf writes for the built message, without building it.
 * Scalars, bytes and timestamps are written directly; lists, rare in serving, go through the
 * protocol's message builder. A null value is the empty message.
 */
final class ValueWire {
  /** Kairos' {@code kairos.serving.v1.Value}: timestamps as a nested Timestamp message. */
  static final ValueWire KAIROS =
      new ValueWire(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, false, KairosCodec::toProto);

  /** Feast's {@code feast.types.Value}: timestamps as {@code unix_timestamp_val}, whole seconds. */
  static final ValueWire FEAST =
      new ValueWire(new int[] {3, 4, 6, 5, 2, 7, 1, 8}, true, FeastCodec::toProto);

  private final int int32;
  private final int int64;
  private final int float32;
  private final int float64;
  private final int string;
  private final int bool;
  private final int bytes;
  private final int timestamp;
  private final boolean timestampAsSeconds;
  private final BiFunction<ValueType, Object, ? extends MessageLite> builder;

  /**
   * @param fields field numbers of int32, int64, float, double, string, bool, bytes, timestamp
   */
  private ValueWire(
      int[] fields,
      boolean timestampAsSeconds,
      BiFunction<ValueType, Object, ? extends MessageLite> builder) {
    this.int32 = fields[0];
    this.int64 = fields[1];
    this.float32 = fields[2];
    this.float64 = fields[3];
    this.string = fields[4];
    this.bool = fields[5];
    this.bytes = fields[6];
    this.timestamp = fields[7];
    this.timestampAsSeconds = timestampAsSeconds;
    this.builder = builder;
  }

  /** The size of the Value message's body. */
  int size(ValueType type, Object v) {
    if (v == null) {
      return 0;
    }
    return switch (type) {
      case INT32 -> CodedOutputStream.computeInt32Size(int32, ((Number) v).intValue());
      case INT64 -> CodedOutputStream.computeInt64Size(int64, ((Number) v).longValue());
      case FLOAT -> CodedOutputStream.computeFloatSize(float32, 0f);
      case DOUBLE -> CodedOutputStream.computeDoubleSize(float64, 0d);
      case STRING -> CodedOutputStream.computeStringSize(string, v.toString());
      case BOOL -> CodedOutputStream.computeBoolSize(bool, false);
      case BYTES -> CodedOutputStream.computeByteArraySize(bytes, (byte[]) v);
      case TIMESTAMP ->
          timestampAsSeconds
              ? CodedOutputStream.computeInt64Size(timestamp, ((Instant) v).getEpochSecond())
              : lengthDelimitedSize(timestamp, timestampSize((Instant) v));
      default -> builder.apply(type, v).getSerializedSize();
    };
  }

  /** Writes the Value message's body; {@link #size} bytes. */
  void write(CodedOutputStream out, ValueType type, Object v) throws IOException {
    if (v == null) {
      return;
    }
    switch (type) {
      case INT32 -> out.writeInt32(int32, ((Number) v).intValue());
      case INT64 -> out.writeInt64(int64, ((Number) v).longValue());
      case FLOAT -> out.writeFloat(float32, ((Number) v).floatValue());
      case DOUBLE -> out.writeDouble(float64, ((Number) v).doubleValue());
      case STRING -> out.writeString(string, v.toString());
      case BOOL -> out.writeBool(bool, (Boolean) v);
      case BYTES -> out.writeByteArray(bytes, (byte[]) v);
      case TIMESTAMP -> {
        Instant t = (Instant) v;
        if (timestampAsSeconds) {
          out.writeInt64(timestamp, t.getEpochSecond());
        } else {
          writeTimestamp(out, timestamp, t);
        }
      }
      default -> builder.apply(type, v).writeTo(out);
    }
  }

  /** The body size of a {@code google.protobuf.Timestamp}. */
  static int timestampSize(Instant t) {
    return (t.getEpochSecond() == 0 ? 0 : CodedOutputStream.computeInt64Size(1, t.getEpochSecond()))
        + (t.getNano() == 0 ? 0 : CodedOutputStream.computeInt32Size(2, t.getNano()));
  }

  /** Writes a {@code google.protobuf.Timestamp} as field {@code field}, tag and length included. */
  static void writeTimestamp(CodedOutputStream out, int field, Instant t) throws IOException {
    writeHeader(out, field, timestampSize(t));
    if (t.getEpochSecond() != 0) {
      out.writeInt64(1, t.getEpochSecond());
    }
    if (t.getNano() != 0) {
      out.writeInt32(2, t.getNano());
    }
  }

  /** The size of a length-delimited field with a body of {@code body} bytes. */
  static int lengthDelimitedSize(int field, int body) {
    return CodedOutputStream.computeTagSize(field)
        + CodedOutputStream.computeUInt32SizeNoTag(body)
        + body;
  }

  /** Writes the tag and length of a length-delimited field; the caller writes the body. */
  static void writeHeader(CodedOutputStream out, int field, int body) throws IOException {
    out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(body);
  }
}
