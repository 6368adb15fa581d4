package dev.kairos.server.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.proto.v1.EntityColumn;
import dev.kairos.proto.v1.EntityInfo;
import dev.kairos.proto.v1.EntityResult;
import dev.kairos.proto.v1.FeatureInfo;
import dev.kairos.proto.v1.FeatureServiceInfo;
import dev.kairos.proto.v1.FeatureValue;
import dev.kairos.proto.v1.FeatureViewInfo;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.ListRegistryResponse;
import dev.kairos.proto.v1.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between Kairos' own serving protocol and Java values. */
public final class KairosCodec {
  private static final Value TRUE = Value.newBuilder().setBoolValue(true).build();
  private static final Value FALSE = Value.newBuilder().setBoolValue(false).build();

  private KairosCodec() {}

  public static RawQuery query(GetOnlineFeaturesRequest request) {
    String service = request.hasFeatureService() ? request.getFeatureService() : null;
    List<String> refs = request.hasFeatures() ? request.getFeatures().getRefsList() : List.of();
    return new RawQuery(
        refs,
        service,
        columns(request.getEntitiesMap()),
        request.getFullFeatureNames(),
        false,
        columns(request.getRequestDataMap()));
  }

  static Map<String, List<Object>> columns(Map<String, EntityColumn> given) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    given.forEach(
        (key, column) -> {
          List<Object> values = new ArrayList<>(column.getValuesCount());
          column.getValuesList().forEach(v -> values.add(fromProto(v)));
          out.put(key, values);
        });
    return out;
  }

  /**
   * Row-oriented: one {@link EntityResult} per entity row, values in the order of the names. The
   * results are pre-encoded (see {@link ResponseWire}): the message is for the wire, its results
   * list reads empty on the server.
   */
  public static GetOnlineFeaturesResponse response(OnlineResult result) {
    GetOnlineFeaturesResponse.Builder out = GetOnlineFeaturesResponse.newBuilder();
    out.addAllNames(result.names());
    result.columns().forEach(c -> out.addTypes(type(c.type())));
    UnknownFieldSet results =
        UnknownFieldSet.newBuilder()
            .addField(
                GetOnlineFeaturesResponse.RESULTS_FIELD_NUMBER, ResponseWire.kairosRows(result))
            .build();
    return out.setUnknownFields(results).build();
  }

  /** The same response built message by message, for serializations that print known fields. */
  public static GetOnlineFeaturesResponse builtResponse(OnlineResult result) {
    GetOnlineFeaturesResponse.Builder out = GetOnlineFeaturesResponse.newBuilder();
    out.addAllNames(result.names());
    List<OnlineResult.Column> columns = result.columns();
    columns.forEach(c -> out.addTypes(type(c.type())));
    int rows = columns.isEmpty() ? 0 : columns.get(0).values().length;
    RowMemo<Timestamp> times = new RowMemo<>(rows, KairosCodec::timestamp);
    for (int r = 0; r < rows; r++) {
      EntityResult.Builder row = EntityResult.newBuilder();
      for (OnlineResult.Column c : columns) {
        FeatureValue.Builder v =
            FeatureValue.newBuilder()
                .setValue(toProto(c.type(), c.values()[r]))
                .setStatus(status(c.statuses()[r]));
        Instant ts = c.eventTimestamps()[r];
        if (ts != null) {
          v.setEventTimestamp(times.get(r, ts));
        }
        row.addValues(v.build());
      }
      out.addResults(row.build());
    }
    return out.build();
  }

  public static ListRegistryResponse registry(Definitions defs) {
    ListRegistryResponse.Builder out = ListRegistryResponse.newBuilder().setProject(defs.project());
    for (Entity e : defs.entities()) {
      out.addEntities(
          EntityInfo.newBuilder()
              .setName(e.name())
              .addAllJoinKeys(e.joinKeys())
              .setType(type(e.valueType()))
              .setDescription(e.description()));
    }
    for (FeatureView v : defs.views()) {
      FeatureViewInfo.Builder view =
          out.addViewsBuilder()
              .setName(v.name())
              .addAllEntities(v.entities())
              .setTtl(
                  com.google.protobuf.Duration.newBuilder()
                      .setSeconds(v.ttl().getSeconds())
                      .setNanos(v.ttl().getNano()))
              .setOnline(v.online())
              .putAllTags(v.tags())
              .setOwner(v.owner())
              .setDescription(v.description());
      defs.joinKeyFields(v).forEach(k -> view.addJoinKeys(info(k)));
      v.features().forEach(f -> view.addFeatures(info(f)));
    }
    for (FeatureService s : defs.services()) {
      FeatureServiceInfo.Builder service =
          out.addServicesBuilder().setName(s.name()).setDescription(s.description());
      s.features().forEach(f -> service.addFeatures(f.toString()));
    }
    return out.build();
  }

  private static FeatureInfo info(Field f) {
    return FeatureInfo.newBuilder().setName(f.name()).setType(type(f.type())).build();
  }

  static dev.kairos.proto.v1.ValueType type(ValueType t) {
    // Both enums list the types in the same order; the proto's 0 is "unspecified".
    return dev.kairos.proto.v1.ValueType.forNumber(t.ordinal() + 1);
  }

  static dev.kairos.proto.v1.FieldStatus status(FieldStatus s) {
    return dev.kairos.proto.v1.FieldStatus.forNumber(s.ordinal() + 1);
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static Object fromProto(Value v) {
    return switch (v.getKindCase()) {
      case INT32_VALUE -> v.getInt32Value();
      case INT64_VALUE -> v.getInt64Value();
      case FLOAT_VALUE -> v.getFloatValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case BYTES_VALUE -> v.getBytesValue().toByteArray();
      case TIMESTAMP_VALUE -> instant(v.getTimestampValue());
      case INT32_LIST -> v.getInt32List().getValuesList();
      case INT64_LIST -> v.getInt64List().getValuesList();
      case FLOAT_LIST -> v.getFloatList().getValuesList();
      case DOUBLE_LIST -> v.getDoubleList().getValuesList();
      case STRING_LIST -> v.getStringList().getValuesList();
      case BOOL_LIST -> v.getBoolList().getValuesList();
      case BYTES_LIST ->
          v.getBytesList().getValuesList().stream().map(ByteString::toByteArray).toList();
      case TIMESTAMP_LIST ->
          v.getTimestampList().getValuesList().stream().map(KairosCodec::instant).toList();
      case KIND_NOT_SET -> null;
    };
  }

  @SuppressWarnings("unchecked")
  static Value toProto(ValueType type, Object value) {
    if (value == null) {
      return Value.getDefaultInstance();
    }
    if (type == ValueType.BOOL) {
      return (Boolean) value ? TRUE : FALSE;
    }
    Value.Builder b = Value.newBuilder();
    switch (type) {
      case INT32 -> b.setInt32Value(((Number) value).intValue());
      case INT64 -> b.setInt64Value(((Number) value).longValue());
      case FLOAT -> b.setFloatValue(((Number) value).floatValue());
      case DOUBLE -> b.setDoubleValue(((Number) value).doubleValue());
      case STRING -> b.setStringValue(value.toString());
      case BOOL -> b.setBoolValue((Boolean) value);
      case BYTES -> b.setBytesValue(ByteString.copyFrom((byte[]) value));
      case TIMESTAMP -> b.setTimestampValue(timestamp((Instant) value));
      default -> list(b, type, (List<Object>) value);
    }
    return b.build();
  }

  private static void list(Value.Builder b, ValueType type, List<Object> items) {
    // The list builder is taken first so that an empty list stays a list, not null.
    switch (type) {
      case INT32_LIST -> {
        var l = b.getInt32ListBuilder();
        items.forEach(i -> l.addValues(((Number) i).intValue()));
      }
      case INT64_LIST -> {
        var l = b.getInt64ListBuilder();
        items.forEach(i -> l.addValues(((Number) i).longValue()));
      }
      case FLOAT_LIST -> {
        var l = b.getFloatListBuilder();
        items.forEach(i -> l.addValues(((Number) i).floatValue()));
      }
      case DOUBLE_LIST -> {
        var l = b.getDoubleListBuilder();
        items.forEach(i -> l.addValues(((Number) i).doubleValue()));
      }
      case STRING_LIST -> {
        var l = b.getStringListBuilder();
        items.forEach(i -> l.addValues(i.toString()));
      }
      case BOOL_LIST -> {
        var l = b.getBoolListBuilder();
        items.forEach(i -> l.addValues((Boolean) i));
      }
      case BYTES_LIST -> {
        var l = b.getBytesListBuilder();
        items.forEach(i -> l.addValues(ByteString.copyFrom((byte[]) i)));
      }
      case TIMESTAMP_LIST -> {
        var l = b.getTimestampListBuilder();
        items.forEach(i -> l.addValues(timestamp((Instant) i)));
      }
      default -> throw new IllegalArgumentException("not a list type: " + type);
    }
  }
}
