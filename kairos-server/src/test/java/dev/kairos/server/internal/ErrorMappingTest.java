package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpStatus;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  @Test
  void everyKind_mapsToOneGrpcCodeAndOneHttpStatus() {
    assertThat(ErrorMapping.grpcCode(ErrorKind.USER)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorMapping.grpcCode(ErrorKind.NOT_FOUND)).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(ErrorMapping.grpcCode(ErrorKind.UNAVAILABLE)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(ErrorMapping.grpcCode(ErrorKind.CONFLICT)).isEqualTo(Status.Code.ABORTED);
    assertThat(ErrorMapping.grpcCode(ErrorKind.INTERNAL)).isEqualTo(Status.Code.INTERNAL);
    assertThat(ErrorMapping.httpStatus(ErrorKind.USER)).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ErrorMapping.httpStatus(ErrorKind.NOT_FOUND)).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(ErrorMapping.httpStatus(ErrorKind.UNAVAILABLE))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(ErrorMapping.httpStatus(ErrorKind.CONFLICT)).isEqualTo(HttpStatus.CONFLICT);
    assertThat(ErrorMapping.httpStatus(ErrorKind.INTERNAL))
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }

  @Test
  void anUnexpectedException_becomesInternal_withoutLeakingItsMessage_andKeepsTheCause() {
    IllegalStateException bug = new IllegalStateException("index 3 out of bounds");

    KairosException k = ErrorMapping.classify(new java.util.concurrent.CompletionException(bug));

    assertThat(k.kind()).isEqualTo(ErrorKind.INTERNAL);
    assertThat(k).hasMessage("internal error (IllegalStateException); see the server log");
    assertThat(k.getCause()).isSameAs(bug);
  }

  @Test
  void grpcStatus_carriesTheKairosMessage() {
    Status s =
        new ErrorMapping()
            .apply(null, Status.UNKNOWN, KairosException.user("unknown feature 'x'"), null);

    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).isEqualTo("unknown feature 'x'");
  }
}
