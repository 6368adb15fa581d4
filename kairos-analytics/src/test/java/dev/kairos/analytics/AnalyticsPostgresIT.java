package dev.kairos.analytics;

import java.nio.file.Path;

/** The views as materialized views on the machine's PostgreSQL, in a schema of their own. */
class AnalyticsPostgresIT extends AnalyticsViewsContract {
  @Override
  TestRepo open(Path dir) throws Exception {
    return TestRepo.postgres(dir);
  }
}
