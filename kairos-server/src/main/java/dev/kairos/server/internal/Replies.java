package dev.kairos.server.internal;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Completes a unary gRPC call from a future answer. */
final class Replies {
  private Replies() {}

  /**
   * Asks for the answer (a failure to even start it fails the call the same way) and sends it as
   * {@link #send(CompletableFuture, StreamObserver)} does.
   */
  static <T> void send(StreamObserver<T> out, Supplier<CompletableFuture<T>> answer) {
    CompletableFuture<T> started;
    try {
      started = answer.get();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    send(started, out);
  }

  /**
   * Sends the answer and completes the call once the future completes, or fails the call with its
   * cause, which the server's exception handler ({@link ErrorMapping}) turns into a status.
   */
  static <T> void send(CompletableFuture<T> answer, StreamObserver<T> out) {
    answer.whenComplete(
        (reply, error) -> {
          if (error != null) {
            out.onError(
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error);
          } else {
            out.onNext(reply);
            out.onCompleted();
          }
        });
  }
}
