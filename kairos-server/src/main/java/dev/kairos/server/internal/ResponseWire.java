package dev.kairos.server.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Encodes the bulk of a response, the per-value messages, straight to protobuf bytes: one Kairos
 * {@code EntityResult} per row, or one Feast {@code FeatureVector} per column. Building a message
 * per value allocated about 200 bytes per value and made a loaded server memory-bound.
 *
 * <p>The encoded elements are attached to the response as an unknown field with the number of the
 * repeated field they belong to. It is the last field of both responses that is written, and
 * protobuf writes unknown fields after known ones, so the bytes on the wire are the same as those
 * of the fully built message; a client parses them as ordinary results. On the server side the
 * response's results list is empty: these messages are meant for the wire only.
 */
final class ResponseWire {
  private ResponseWire() {}

  /** Kairos: one {@code EntityResult} (repeated {@code FeatureValue values = 1}) per row. */
  static UnknownFieldSet.Field kairosRows(OnlineResult result) {
    List<OnlineResult.Column> columns = result.columns();
    return encode(
        rows(columns),
        new Elements() {
          @Override
          public int size(int row) {
            int size = 0;
            for (OnlineResult.Column column : columns) {
              int value = ValueWire.KAIROS.size(column.type(), column.values()[row]);
              size += ValueWire.lengthDelimitedSize(1, kairosFeatureValueSize(column, row, value));
            }
            return size;
          }

          @Override
          public void write(CodedOutputStream out, int row) throws IOException {
            for (OnlineResult.Column column : columns) {
              Object v = column.values()[row];
              int value = ValueWire.KAIROS.size(column.type(), v);
              ValueWire.writeHeader(out, 1, kairosFeatureValueSize(column, row, value));
              ValueWire.writeHeader(out, 1, value);
              ValueWire.KAIROS.write(out, column.type(), v);
              out.writeEnum(2, kairosStatus(column.statuses()[row]));
              Instant ts = column.eventTimestamps()[row];
              if (ts != null) {
                ValueWire.writeTimestamp(out, 3, ts);
              }
            }
          }
        });
  }

  /** The body of {@code FeatureValue {value = 1; status = 2; event_timestamp = 3}}. */
  private static int kairosFeatureValueSize(OnlineResult.Column column, int row, int valueSize) {
    Instant ts = column.eventTimestamps()[row];
    return ValueWire.lengthDelimitedSize(1, valueSize)
        + CodedOutputStream.computeEnumSize(2, kairosStatus(column.statuses()[row]))
        + (ts == null ? 0 : ValueWire.lengthDelimitedSize(3, ValueWire.timestampSize(ts)));
  }

  private static int kairosStatus(FieldStatus s) {
    return KairosCodec.status(s).getNumber();
  }

  /**
   * Feast: one {@code FeatureVector} per column: {@code values = 1}, packed {@code statuses = 2},
   * {@code event_timestamps = 3}, where a row with no event time has the empty timestamp.
   */
  static UnknownFieldSet.Field feastColumns(OnlineResult result) {
    List<OnlineResult.Column> columns = result.columns();
    return encode(
        columns.size(),
        new Elements() {
          @Override
          public int size(int c) {
            OnlineResult.Column column = columns.get(c);
            int size = 0;
            for (int r = 0; r < column.values().length; r++) {
              size +=
                  ValueWire.lengthDelimitedSize(
                      1, ValueWire.FEAST.size(column.type(), column.values()[r]));
            }
            if (column.statuses().length > 0) {
              size += ValueWire.lengthDelimitedSize(2, feastStatusesSize(column));
            }
            for (Instant ts : column.eventTimestamps()) {
              size +=
                  ValueWire.lengthDelimitedSize(3, ts == null ? 0 : ValueWire.timestampSize(ts));
            }
            return size;
          }

          @Override
          public void write(CodedOutputStream out, int c) throws IOException {
            OnlineResult.Column column = columns.get(c);
            for (Object v : column.values()) {
              ValueWire.writeHeader(out, 1, ValueWire.FEAST.size(column.type(), v));
              ValueWire.FEAST.write(out, column.type(), v);
            }
            if (column.statuses().length > 0) {
              ValueWire.writeHeader(out, 2, feastStatusesSize(column));
              for (FieldStatus s : column.statuses()) {
                out.writeEnumNoTag(feastStatus(s));
              }
            }
            for (Instant ts : column.eventTimestamps()) {
              if (ts == null) {
                ValueWire.writeHeader(out, 3, 0);
              } else {
                ValueWire.writeTimestamp(out, 3, ts);
              }
            }
          }
        });
  }

  private static int feastStatusesSize(OnlineResult.Column column) {
    int size = 0;
    for (FieldStatus s : column.statuses()) {
      size += CodedOutputStream.computeEnumSizeNoTag(feastStatus(s));
    }
    return size;
  }

  private static int feastStatus(FieldStatus s) {
    return FeastCodec.status(s).getNumber();
  }

  /** The elements of a repeated message field, each written by index. */
  private interface Elements {
    int size(int i);

    void write(CodedOutputStream out, int i) throws IOException;
  }

  /** All elements into one array, handed out as slices: one buffer and one stream per response. */
  private static UnknownFieldSet.Field encode(int count, Elements elements) {
    int[] sizes = new int[count];
    int total = 0;
    for (int i = 0; i < count; i++) {
      sizes[i] = elements.size(i);
      total += sizes[i];
    }
    byte[] bytes = new byte[total];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
    int offset = 0;
    try {
      for (int i = 0; i < count; i++) {
        elements.write(out, i);
        field.addLengthDelimited(UnsafeByteOperations.unsafeWrap(bytes, offset, sizes[i]));
        offset += sizes[i];
        if (out.getTotalBytesWritten() != offset) {
          throw new IllegalStateException(
              "element " + i + " ends at byte " + out.getTotalBytesWritten() + ", not " + offset);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return field.build();
  }

  private static int rows(List<OnlineResult.Column> columns) {
    return columns.isEmpty() ? 0 : columns.get(0).values().length;
  }
}
