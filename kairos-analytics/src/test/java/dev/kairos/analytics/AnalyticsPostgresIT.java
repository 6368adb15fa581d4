package dev.kairos.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The views as materialized views on the machine's PostgreSQL, in a schema of their own. */
class AnalyticsPostgresIT extends AnalyticsViewsContract {
  @Override
  TestRepo open(Path dir) throws Exception {
    return TestRepo.postgres(dir);
  }

  @Test
  void refreshConcurrently_whileAPlainSessionCountsInALoop_neverShowsAnEmptyOrPartialView()
      throws Exception {
    String view = "\"" + repo.pgSchema() + "_analytics\".weekly_growth";
    long expected = analytics.weeklyGrowth(everything()).size();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Exception> failed = new AtomicReference<>();
    List<Long> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (Connection c = TestRepo.pgConnection();
                  Statement s = c.createStatement()) {
                while (!done.get()) {
                  try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + view)) {
                    rs.next();
                    seen.add(rs.getLong(1));
                  }
                }
              } catch (Exception e) {
                failed.set(e);
              }
            });
    reader.start();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(analytics.refresh(null).views()).allMatch(RefreshSummary.ViewRefresh::whole);
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(failed.get()).isNull();
    assertThat(seen).hasSizeGreaterThan(10).containsOnly(expected);
  }
}
