package dev.kairos.analytics.internal;

/**
 * The Kairos-owned table of logged predictions the views join scores from (see the README's
 * "Analytics" section): one row per scoring of a transaction; the latest {@code scored_at} (then
 * the greatest {@code model_version}) per transaction counts.
 */
final class PredictionLog {
  static final String TABLE = "prediction_log";

  private PredictionLog() {}

  static String createSql(String qualified, Dialect d) {
    return "CREATE TABLE IF NOT EXISTS "
        + qualified
        + " (transaction_id TEXT, model TEXT, model_version BIGINT, score "
        + d.doubleType
        + ", threshold "
        + d.doubleType
        + ", decision BOOLEAN, scored_at TIMESTAMP)";
  }
}
