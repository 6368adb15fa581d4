package dev.kairos.server.internal;

import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * The serialization of the gRPC call being served. Armeria also serves gRPC with JSON messages;
 * those are printed from a message's known fields, so they need fully built responses rather than
 * the pre-encoded ones of {@link ResponseWire}.
 */
final class GrpcFormat {
  private GrpcFormat() {}

  /** True when the current call's messages travel as protobuf bytes. */
  static boolean protobuf() {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    MediaType type = ctx == null ? null : ctx.request().contentType();
    SerializationFormat format = type == null ? null : SerializationFormat.find(type);
    return format != null && GrpcSerializationFormats.isProto(format);
  }
}
