package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.OnlineResult;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.ListRegistryRequest;
import dev.kairos.proto.v1.ListRegistryResponse;
import dev.kairos.proto.v1.PredictRequest;
import dev.kairos.proto.v1.PredictResponse;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** Kairos' own gRPC API. Failures are thrown and mapped to statuses by {@link ErrorMapping}. */
public final class KairosServingService extends KairosServingGrpc.KairosServingImplBase {
  private final QueryExecutor executor;
  private final RegistryWatcher registry;
  private final PredictExecutor predictions;

  public KairosServingService(
      QueryExecutor executor, RegistryWatcher registry, PredictExecutor predictions) {
    this.executor = executor;
    this.registry = registry;
    this.predictions = predictions;
  }

  @Override
  public void getOnlineFeatures(
      GetOnlineFeaturesRequest request, StreamObserver<GetOnlineFeaturesResponse> out) {
    // Protobuf calls get the pre-encoded response; JSON ones need the fully built message.
    Function<OnlineResult, GetOnlineFeaturesResponse> encoder =
        GrpcFormat.protobuf() ? KairosCodec::response : KairosCodec::builtResponse;
    Replies.send(
        out,
        () ->
            executor.answer(
                ServiceRequestContext.current(),
                Endpoint.KAIROS_GRPC,
                KairosCodec.query(request),
                encoder));
  }

  @Override
  public void listRegistry(ListRegistryRequest request, StreamObserver<ListRegistryResponse> out) {
    out.onNext(
        executor.timed(
            Endpoint.LIST_REGISTRY, () -> KairosCodec.registry(registry.current().definitions())));
    out.onCompleted();
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> out) {
    Replies.send(
        out,
        () ->
            predictions.answer(
                ServiceRequestContext.current(),
                Endpoint.PREDICT_GRPC,
                () -> PredictProto.query(request),
                PredictProto::response));
  }
}
