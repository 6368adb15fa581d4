package dev.kairos.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become protocol statuses: {@link ErrorKind} to gRPC {@link Status}
 * and to an HTTP status with a JSON body. Anything that is not a {@link KairosException} is a bug:
 * it is logged with its stack trace and reported as INTERNAL without leaking internals.
 */
public final class ErrorMapping implements GrpcExceptionHandlerFunction {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  /** The gRPC status code of a kind. */
  public static Status.Code grpcCode(ErrorKind kind) {
    return switch (kind) {
      case USER -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case CONFLICT -> Status.Code.ABORTED;
      case INTERNAL -> Status.Code.INTERNAL;
    };
  }

  /** The HTTP status of a kind. */
  public static HttpStatus httpStatus(ErrorKind kind) {
    return switch (kind) {
      case USER -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case CONFLICT -> HttpStatus.CONFLICT;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** Classifies any failure; unexpected ones become INTERNAL (and are logged once, here). */
  public static KairosException classify(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof KairosException k) {
      return k;
    }
    LOG.error("unexpected failure while serving a request", cause);
    return KairosException.internal(
        "internal error (" + cause.getClass().getSimpleName() + "); see the server log", cause);
  }

  @Override
  public Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    KairosException k = classify(cause);
    return Status.fromCode(grpcCode(k.kind())).withDescription(k.getMessage()).withCause(k);
  }

  /** The HTTP response for a failure: {@code {"error": message, "kind": KIND, "status": code}}. */
  public static HttpResponse httpResponse(Throwable t) {
    KairosException k = classify(t);
    HttpStatus status = httpStatus(k.kind());
    return HttpResponse.of(status, MediaType.JSON_UTF_8, errorBody(k, status));
  }

  static byte[] errorBody(KairosException k, HttpStatus status) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", k.getMessage());
      g.writeStringField("kind", k.kind().name());
      g.writeNumberField("status", status.code());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
