package dev.kairos.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kairos.api.OnlineResult;
import dev.kairos.proto.v1.GetOnlineFeaturesRequest;
import dev.kairos.proto.v1.GetOnlineFeaturesResponse;
import dev.kairos.proto.v1.KairosServingGrpc;
import dev.kairos.proto.v1.ListRegistryRequest;
import dev.kairos.proto.v1.ListRegistryResponse;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** Kairos' own gRPC API. Failures are thrown and mapped to statuses by {@link ErrorMapping}. */
public final class KairosServingService extends KairosServingGrpc.KairosServingImplBase {
  private final QueryExecutor executor;
  private final RegistryWatcher registry;

  public KairosServingService(QueryExecutor executor, RegistryWatcher registry) {
    this.executor = executor;
    this.registry = registry;
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
}
