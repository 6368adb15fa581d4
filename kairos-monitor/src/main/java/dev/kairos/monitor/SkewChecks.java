package dev.kairos.monitor;

import dev.kairos.api.monitor.SkewHistory;
import dev.kairos.api.monitor.SkewSummary;
import dev.kairos.spi.SqlAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The table {@code skew_check} in the offline store: one row per check (service, checked_at, the
 * headline numbers and the whole report as JSON), read back for {@code GET /v1/skew}.
 */
public final class SkewChecks implements SkewHistory {
  private final SqlAccess sql;

  public SkewChecks(SqlAccess sql) {
    this.sql = sql;
  }

  private String table() {
    return sql.ownedTable("skew_check");
  }

  private void create(Connection c) throws SQLException {
    String dbl = sql.dialect().equals("postgresql") ? "DOUBLE PRECISION" : "DOUBLE";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table()
              + " (service TEXT, checked_at TIMESTAMP, from_time TIMESTAMP, to_time TIMESTAMP,"
              + " rows_checked BIGINT, mismatches BIGINT, late BIGINT, mismatch_rate "
              + dbl
              + ", report TEXT)");
    }
  }

  /** Stores a check. */
  public void save(SkewReport r) {
    try {
      sql.withConnection(
          c -> {
            create(c);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO " + table() + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, r.service());
              ps.setObject(2, LocalDateTime.ofInstant(r.checkedAt(), ZoneOffset.UTC));
              ps.setObject(3, LocalDateTime.ofInstant(r.from(), ZoneOffset.UTC));
              ps.setObject(4, LocalDateTime.ofInstant(r.to(), ZoneOffset.UTC));
              ps.setLong(5, r.rows());
              ps.setLong(6, r.mismatches());
              ps.setLong(7, r.late());
              ps.setDouble(8, r.mismatchRate());
              ps.setString(9, ReportJson.render(r));
              ps.executeUpdate();
            }
            return null;
          });
    } catch (SQLException e) {
      throw SkewCheck.failure("storing the skew check of service '" + r.service() + "' failed", e);
    }
  }

  @Override
  public List<SkewSummary> latest(String service, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    try {
      return sql.withConnection(
          c -> {
            create(c);
            TreeMap<String, List<SkewSummary>> byService = new TreeMap<>();
            String where = service == null ? "" : " WHERE service = ?";
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT service, report FROM "
                        + table()
                        + where
                        + " ORDER BY service, checked_at DESC")) {
              if (service != null) {
                ps.setString(1, service);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  List<SkewSummary> list =
                      byService.computeIfAbsent(rs.getString(1), s -> new ArrayList<>());
                  if (list.size() < limit) {
                    list.add(ReportJson.summary(rs.getString(2)));
                  }
                }
              }
            }
            List<SkewSummary> out = new ArrayList<>();
            for (List<SkewSummary> list : byService.values()) {
              Collections.reverse(list);
              out.addAll(list);
            }
            return out;
          });
    } catch (SQLException e) {
      throw SkewCheck.failure("reading the stored skew checks failed", e);
    }
  }
}
