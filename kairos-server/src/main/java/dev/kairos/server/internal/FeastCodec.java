package dev.kairos.server.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import feast.proto.serving.ServingAPIProto;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesRequest;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse.FeatureVector;
import feast.proto.types.ValueProto;
import feast.proto.types.ValueProto.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between Feast's serving protocol and Kairos' Java values. */
public final class FeastCodec {
  private FeastCodec() {}

  /** The request as Kairos sees it; entity values keep the types the client sent. */
  public static RawQuery query(GetOnlineFeaturesRequest request) {
    String service = request.hasFeatureService() ? request.getFeatureService() : null;
    List<String> refs = request.hasFeatures() ? request.getFeatures().getValList() : List.of();
    return new RawQuery(
        refs,
        service,
        columns(request.getEntitiesMap()),
        request.getFullFeatureNames(),
        false,
        columns(request.getRequestContextMap()));
  }

  private static Map<String, List<Object>> columns(Map<String, ValueProto.RepeatedValue> given) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    given.forEach(
        (key, column) -> {
          List<Object> values = new ArrayList<>(column.getValCount());
          column.getValList().forEach(v -> values.add(fromProto(v)));
          out.put(key, values);
        });
    return out;
  }

  /**
   * Feast's columnar response: one {@link FeatureVector} per column, in the result's order. The
   * vectors are pre-encoded (see {@link ResponseWire}): the message is for the wire, its results
   * list reads empty on the server.
   */
  public static GetOnlineFeaturesResponse response(OnlineResult result) {
    GetOnlineFeaturesResponse.Builder out = GetOnlineFeaturesResponse.newBuilder();
    out.getMetadataBuilder().getFeatureNamesBuilder().addAllVal(result.names());
    UnknownFieldSet results =
        UnknownFieldSet.newBuilder()
            .addField(
                GetOnlineFeaturesResponse.RESULTS_FIELD_NUMBER, ResponseWire.feastColumns(result))
            .build();
    return out.setUnknownFields(results).build();
  }

  /** The same response built message by message, for serializations that print known fields. */
  public static GetOnlineFeaturesResponse builtResponse(OnlineResult result) {
    GetOnlineFeaturesResponse.Builder out = GetOnlineFeaturesResponse.newBuilder();
    out.getMetadataBuilder().getFeatureNamesBuilder().addAllVal(result.names());
    for (OnlineResult.Column column : result.columns()) {
      FeatureVector.Builder vector = out.addResultsBuilder();
      for (int i = 0; i < column.values().length; i++) {
        vector.addValues(toProto(column.type(), column.values()[i]));
        vector.addStatuses(status(column.statuses()[i]));
        Instant ts = column.eventTimestamps()[i];
        vector.addEventTimestamps(
            ts == null ? Timestamp.getDefaultInstance() : KairosCodec.timestamp(ts));
      }
    }
    return out.build();
  }

  static ServingAPIProto.FieldStatus status(FieldStatus s) {
    return switch (s) {
      case PRESENT -> ServingAPIProto.FieldStatus.PRESENT;
      case NULL_VALUE -> ServingAPIProto.FieldStatus.NULL_VALUE;
      case NOT_FOUND -> ServingAPIProto.FieldStatus.NOT_FOUND;
      case OUTSIDE_MAX_AGE -> ServingAPIProto.FieldStatus.OUTSIDE_MAX_AGE;
    };
  }

  /** A Feast value as a Java value; an unset or null value is {@code null}. */
  static Object fromProto(Value v) {
    return switch (v.getValCase()) {
      case BYTES_VAL -> v.getBytesVal().toByteArray();
      case STRING_VAL -> v.getStringVal();
      case INT32_VAL -> v.getInt32Val();
      case INT64_VAL -> v.getInt64Val();
      case DOUBLE_VAL -> v.getDoubleVal();
      case FLOAT_VAL -> v.getFloatVal();
      case BOOL_VAL -> v.getBoolVal();
      case UNIX_TIMESTAMP_VAL -> Instant.ofEpochSecond(v.getUnixTimestampVal());
      case BYTES_LIST_VAL ->
          v.getBytesListVal().getValList().stream().map(ByteString::toByteArray).toList();
      case STRING_LIST_VAL -> v.getStringListVal().getValList();
      case INT32_LIST_VAL -> v.getInt32ListVal().getValList();
      case INT64_LIST_VAL -> v.getInt64ListVal().getValList();
      case DOUBLE_LIST_VAL -> v.getDoubleListVal().getValList();
      case FLOAT_LIST_VAL -> v.getFloatListVal().getValList();
      case BOOL_LIST_VAL -> v.getBoolListVal().getValList();
      case UNIX_TIMESTAMP_LIST_VAL ->
          v.getUnixTimestampListVal().getValList().stream().map(Instant::ofEpochSecond).toList();
      case NULL_VAL, VAL_NOT_SET -> null;
    };
  }

  /**
   * A Java value of the given type as a Feast value; null is the empty value. Timestamps travel as
   * Feast's {@code unix_timestamp_val}, whole seconds.
   */
  @SuppressWarnings("unchecked")
  static Value toProto(ValueType type, Object value) {
    if (value == null) {
      return Value.getDefaultInstance();
    }
    Value.Builder b = Value.newBuilder();
    switch (type) {
      case INT32 -> b.setInt32Val(((Number) value).intValue());
      case INT64 -> b.setInt64Val(((Number) value).longValue());
      case FLOAT -> b.setFloatVal(((Number) value).floatValue());
      case DOUBLE -> b.setDoubleVal(((Number) value).doubleValue());
      case STRING -> b.setStringVal(value.toString());
      case BOOL -> b.setBoolVal((Boolean) value);
      case BYTES -> b.setBytesVal(ByteString.copyFrom((byte[]) value));
      case TIMESTAMP -> b.setUnixTimestampVal(((Instant) value).getEpochSecond());
      default -> list(b, type, (List<Object>) value);
    }
    return b.build();
  }

  private static void list(Value.Builder b, ValueType type, List<Object> items) {
    switch (type) {
      case INT32_LIST -> {
        ValueProto.Int32List.Builder l = b.getInt32ListValBuilder();
        items.forEach(i -> l.addVal(((Number) i).intValue()));
      }
      case INT64_LIST -> {
        ValueProto.Int64List.Builder l = b.getInt64ListValBuilder();
        items.forEach(i -> l.addVal(((Number) i).longValue()));
      }
      case FLOAT_LIST -> {
        ValueProto.FloatList.Builder l = b.getFloatListValBuilder();
        items.forEach(i -> l.addVal(((Number) i).floatValue()));
      }
      case DOUBLE_LIST -> {
        ValueProto.DoubleList.Builder l = b.getDoubleListValBuilder();
        items.forEach(i -> l.addVal(((Number) i).doubleValue()));
      }
      case STRING_LIST -> {
        ValueProto.StringList.Builder l = b.getStringListValBuilder();
        items.forEach(i -> l.addVal(i.toString()));
      }
      case BOOL_LIST -> {
        ValueProto.BoolList.Builder l = b.getBoolListValBuilder();
        items.forEach(i -> l.addVal((Boolean) i));
      }
      case BYTES_LIST -> {
        ValueProto.BytesList.Builder l = b.getBytesListValBuilder();
        items.forEach(i -> l.addVal(ByteString.copyFrom((byte[]) i)));
      }
      case TIMESTAMP_LIST -> {
        ValueProto.Int64List.Builder l = b.getUnixTimestampListValBuilder();
        items.forEach(i -> l.addVal(((Instant) i).getEpochSecond()));
      }
      default -> throw new IllegalArgumentException("not a list type: " + type);
    }
  }
}
