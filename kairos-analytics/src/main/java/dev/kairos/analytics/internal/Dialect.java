package dev.kairos.analytics.internal;

import dev.kairos.api.KairosException;

/** What differs between the SQL of DuckDB and PostgreSQL in the analytics views. */
enum Dialect {
  DUCKDB("DOUBLE") {
    @Override
    String p95(String column) {
      return "quantile_cont(" + column + ", 0.95)";
    }

    @Override
    String weekSeries(String first, String last) {
      return "unnest(generate_series(" + first + ", " + last + ", INTERVAL '7 days'))";
    }
  },
  POSTGRESQL("double precision") {
    @Override
    String p95(String column) {
      return "percentile_cont(0.95) WITHIN GROUP (ORDER BY " + column + ")";
    }

    @Override
    String weekSeries(String first, String last) {
      return "generate_series(" + first + ", " + last + ", INTERVAL '7 days')";
    }
  };

  final String doubleType;

  Dialect(String doubleType) {
    this.doubleType = doubleType;
  }

  /** The 95th percentile, linearly interpolated, of a column (nulls ignored). */
  abstract String p95(String column);

  /** A set-returning select item: every 7th day from {@code first} to {@code last}, timestamps. */
  abstract String weekSeries(String first, String last);

  static Dialect of(String name) {
    return switch (name) {
      case "duckdb" -> DUCKDB;
      case "postgresql" -> POSTGRESQL;
      default ->
          throw KairosException.user(
              "analytics supports the duckdb and postgresql dialects, not " + name);
    };
  }
}
