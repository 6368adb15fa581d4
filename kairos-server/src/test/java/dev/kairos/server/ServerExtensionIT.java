package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@link ServerExtension} adds routes next to the server's own and is closed after it stops. */
class ServerExtensionIT {
  static final class Recording implements ServerExtension {
    final List<String> calls = new ArrayList<>();
    ServerExtension.Context context;

    @Override
    public void install(ServerBuilder sb, Context context) {
      calls.add("install");
      this.context = context;
      sb.route().get("/ext/hello").build((ctx, req) -> HttpResponse.of("hello"));
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void extension_servesItsRoutesBesideTheServers_seesItsMeters_andIsClosedOnStop() {
    Recording ext = new Recording();
    KairosServer server = TestData.builderForAgent().extension(ext).build().start();
    try {
      assertThat(Http.get(server.port(), "/ext/hello").body()).isEqualTo("hello");
      assertThat(Http.get(server.port(), "/healthz").statusCode()).isEqualTo(200);
      assertThat(ext.context.meters()).isSameAs(server.meterRegistry());
      assertThat(ext.context.clock()).isSameAs(TestData.CLOCK);
      assertThat(
              List.of(
                  ext.context.analytics(),
                  ext.context.predict(),
                  ext.context.skew(),
                  ext.context.agent()))
          .containsOnly(false);
      assertThat(ext.calls).containsExactly("install");
    } finally {
      server.stop();
    }
    assertThat(ext.calls).containsExactly("install", "close");
  }
}
