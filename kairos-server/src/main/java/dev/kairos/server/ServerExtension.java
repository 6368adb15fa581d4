package dev.kairos.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * Adds routes to a feature server without the server knowing what they serve (the dashboard is
 * one). {@link #install} runs once while the server is built, before it binds its port; {@link
 * #close} runs once after the server stopped and drained. An extension must not replace the
 * server's own routes.
 */
public interface ServerExtension extends AutoCloseable {
  /**
   * Adds routes and starts whatever background work the extension needs.
   *
   * @param sb the server being built
   * @param context what the server offers the extension
   */
  void install(ServerBuilder sb, Context context);

  /** Stops background work; called after the server stopped. Must not throw. */
  @Override
  default void close() {}

  /**
   * What the server tells an extension.
   *
   * @param meters the meters the server records (as on {@code /metrics})
   * @param clock the server's clock
   * @param analytics true when {@code /v1/analytics/{view}} serves views (not just a 404)
   * @param predict true when a predictor answers {@code /v1/predict/{model}}
   * @param skew true when {@code /v1/skew} serves stored checks
   * @param skewCheck true when {@code POST /v1/skew/check} runs checks
   * @param agent true when {@code /v1/agent/ask} has an agent
   */
  record Context(
      PrometheusMeterRegistry meters,
      Clock clock,
      boolean analytics,
      boolean predict,
      boolean skew,
      boolean skewCheck,
      boolean agent) {}
}
