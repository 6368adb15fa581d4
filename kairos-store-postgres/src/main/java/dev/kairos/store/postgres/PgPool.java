package dev.kairos.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kairos.api.KairosException;

/** Connection pools of this module's stores. */
public final class PgPool {
  private PgPool() {}

  /**
   * Opens a pool that fails at once with the driver's reason (refused, unknown host, bad password)
   * instead of waiting for a pooled connection that will never come.
   *
   * @param unreachable what could not be reached, e.g. "PostgreSQL registry at URL is unavailable"
   * @param fix what the user should do, e.g. "start PostgreSQL or fix registry.url in kairos.yaml"
   * @throws KairosException UNAVAILABLE naming both
   */
  public static HikariDataSource open(HikariConfig config, String unreachable, String fix) {
    config.setConnectionTimeout(5_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw KairosException.unavailable(
          unreachable + ": " + String.valueOf(e.getMessage()).replaceFirst("\\.$", "") + "; " + fix,
          e);
    }
  }
}
