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
    int rows = rows(columns);
    int[] valueSizes = new int[columns.size()];
    UnknownFieldSet.Field.Builder out = UnknownFieldSet.Field.newBuilder();
    for (int r = 0; r < rows; r++) {
      int size = 0;
      for (int c = 0; c < valueSizes.length; c++) {
        OnlineResult.Column column = columns.get(c);
        valueSizes[c] = ValueWire.KAIROS.size(column.type(), column.values()[r]);
        size += ValueWire.lengthDelimitedSize(1, kairosFeatureValueSize(column, r, valueSizes[c]));
      }
      byte[] bytes = new byte[size];
      CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
      try {
        for (int c = 0; c < valueSizes.length; c++) {
          OnlineResult.Column column = columns.get(c);
          ValueWire.writeHeader(cos, 1, kairosFeatureValueSize(column, r, valueSizes[c]));
          ValueWire.writeHeader(cos, 1, valueSizes[c]);
          ValueWire.KAIROS.write(cos, column.type(), column.values()[r]);
          cos.writeEnum(2, kairosStatus(column.statuses()[r]));
          Instant ts = column.eventTimestamps()[r];
          if (ts != null) {
            ValueWire.writeTimestamp(cos, 3, ts);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cos.checkNoSpaceLeft();
      out.addLengthDelimited(UnsafeByteOperations.unsafeWrap(bytes));
    }
    return out.build();
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
    int[] valueSizes = new int[rows(columns)];
    UnknownFieldSet.Field.Builder out = UnknownFieldSet.Field.newBuilder();
    for (OnlineResult.Column column : columns) {
      int size = 0;
      int statusesSize = 0;
      for (int r = 0; r < valueSizes.length; r++) {
        valueSizes[r] = ValueWire.FEAST.size(column.type(), column.values()[r]);
        size += ValueWire.lengthDelimitedSize(1, valueSizes[r]);
        statusesSize += CodedOutputStream.computeEnumSizeNoTag(feastStatus(column.statuses()[r]));
        Instant ts = column.eventTimestamps()[r];
        size += ValueWire.lengthDelimitedSize(3, ts == null ? 0 : ValueWire.timestampSize(ts));
      }
      if (valueSizes.length > 0) {
        size += ValueWire.lengthDelimitedSize(2, statusesSize);
      }
      byte[] bytes = new byte[size];
      CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
      try {
        for (int r = 0; r < valueSizes.length; r++) {
          ValueWire.writeHeader(cos, 1, valueSizes[r]);
          ValueWire.FEAST.write(cos, column.type(), column.values()[r]);
        }
        if (valueSizes.length > 0) {
          ValueWire.writeHeader(cos, 2, statusesSize);
          for (FieldStatus s : column.statuses()) {
            cos.writeEnumNoTag(feastStatus(s));
          }
        }
        for (Instant ts : column.eventTimestamps()) {
          if (ts == null) {
            ValueWire.writeHeader(cos, 3, 0);
          } else {
            ValueWire.writeTimestamp(cos, 3, ts);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cos.checkNoSpaceLeft();
      out.addLengthDelimited(UnsafeByteOperations.unsafeWrap(bytes));
    }
    return out.build();
  }

  private static int feastStatus(FieldStatus s) {
    return FeastCodec.status(s).getNumber();
  }

  private static int rows(List<OnlineResult.Column> columns) {
    return columns.isEmpty() ? 0 : columns.get(0).values().length;
  }
}
