package dev.kairos.analytics;

import java.nio.file.Path;

/** The views on the embedded DuckDB store. */
class AnalyticsDuckDbTest extends AnalyticsViewsContract {
  @Override
  TestRepo open(Path dir) throws Exception {
    return TestRepo.duckdb(dir);
  }
}
