package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.OnlineResult;
import feast.proto.serving.ServingAPIProto.GetFeastServingInfoRequest;
import feast.proto.serving.ServingAPIProto.GetFeastServingInfoResponse;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesRequest;
import feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse;
import feast.proto.serving.ServingServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/**
 * Feast's {@code feast.serving.ServingService}, so Feast clients work unchanged. Failures are
 * thrown and mapped to statuses by {@link ErrorMapping}.
 */
public final class FeastServingService extends ServingServiceGrpc.ServingServiceImplBase {
  private final QueryExecutor executor;
  private final GetFeastServingInfoResponse info;

  public FeastServingService(QueryExecutor executor, String version) {
    this.executor = executor;
    this.info = GetFeastServingInfoResponse.newBuilder().setVersion(version).build();
  }

  @Override
  public void getFeastServingInfo(
      GetFeastServingInfoRequest request, StreamObserver<GetFeastServingInfoResponse> out) {
    out.onNext(info);
    out.onCompleted();
  }

  @Override
  public void getOnlineFeatures(
      GetOnlineFeaturesRequest request, StreamObserver<GetOnlineFeaturesResponse> out) {
    // Protobuf calls get the pre-encoded response; JSON ones need the fully built message.
    Function<OnlineResult, GetOnlineFeaturesResponse> encoder =
        GrpcFormat.protobuf() ? FeastCodec::response : FeastCodec::builtResponse;
    Replies.send(
        out,
        () ->
            executor.answer(
                ServiceRequestContext.current(),
                Endpoint.FEAST_GRPC,
                FeastCodec.query(request),
                encoder));
  }
}
