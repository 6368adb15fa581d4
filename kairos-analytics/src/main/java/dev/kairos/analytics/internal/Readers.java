package dev.kairos.analytics.internal;

import dev.kairos.analytics.AnalyticsFilter;
import dev.kairos.analytics.Change;
import dev.kairos.analytics.DailyRisk;
import dev.kairos.analytics.RiskMeasures;
import dev.kairos.analytics.TopMerchant;
import dev.kairos.analytics.WeeklyGrowth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the views into records. The statements are fixed text; the filter's values are bound as
 * parameters.
 */
final class Readers {
  private static final String MEASURES = String.join(", ", ViewSql.MEASURES);

  private Readers() {}

  static long count(Connection c, String qualified) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + qualified)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<DailyRisk> daily(Connection c, String qualified, AnalyticsFilter f)
      throws SQLException {
    String sql =
        "SELECT CAST(day AS TEXT), category, country, "
            + MEASURES
            + " FROM "
            + qualified
            + where("day", "category", "country", f)
            + " ORDER BY day DESC, category NULLS FIRST, country NULLS FIRST LIMIT ?";
    return query(
        c,
        sql,
        f,
        rs ->
            new DailyRisk(
                LocalDate.parse(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                measures(rs, 4)));
  }

  static List<WeeklyGrowth> weekly(Connection c, String qualified, AnalyticsFilter f)
      throws SQLException {
    StringBuilder growth = new StringBuilder();
    for (String m : ViewSql.GROWTH) {
      growth
          .append(", prev_")
          .append(m)
          .append(", ")
          .append(m)
          .append("_change, ")
          .append(m)
          .append("_change_pct");
    }
    String sql =
        "SELECT CAST(week_start AS TEXT), category, country, "
            + MEASURES
            + growth
            + " FROM "
            + qualified
            + where("week_start", "category", "country", f)
            + " ORDER BY week_start DESC, category NULLS FIRST, country NULLS FIRST LIMIT ?";
    int first = 4 + ViewSql.MEASURES.size();
    return query(
        c,
        sql,
        f,
        rs ->
            new WeeklyGrowth(
                LocalDate.parse(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                measures(rs, 4),
                change(rs, first),
                change(rs, first + 3),
                change(rs, first + 6),
                change(rs, first + 9)));
  }

  static List<TopMerchant> topMerchants(Connection c, String qualified, AnalyticsFilter f)
      throws SQLException {
    String sql =
        "SELECT CAST(week_start AS TEXT), rank, merchant, category, country,"
            + " fraud_amount_reporting, fraud_count, transactions, amount_reporting, fraud_rate FROM "
            + qualified
            + where("week_start", "category", "country", f)
            + " ORDER BY week_start DESC, rank LIMIT ?";
    return query(
        c,
        sql,
        f,
        rs ->
            new TopMerchant(
                LocalDate.parse(rs.getString(1)),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                dbl(rs, 6),
                rs.getLong(7),
                rs.getLong(8),
                dbl(rs, 9),
                rs.getDouble(10)));
  }

  private static String where(String period, String category, String country, AnalyticsFilter f) {
    List<String> conds = new ArrayList<>();
    if (f.from() != null) {
      conds.add(period + " >= CAST(? AS DATE)");
    }
    if (f.to() != null) {
      conds.add(period + " <= CAST(? AS DATE)");
    }
    if (f.category() != null) {
      conds.add(
          AnalyticsFilter.TOTAL.equals(f.category()) ? category + " IS NULL" : category + " = ?");
    }
    if (f.country() != null) {
      conds.add(
          AnalyticsFilter.TOTAL.equals(f.country()) ? country + " IS NULL" : country + " = ?");
    }
    return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> query(Connection c, String sql, AnalyticsFilter f, Row<T> row)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (f.from() != null) {
        ps.setString(i++, f.from().toString());
      }
      if (f.to() != null) {
        ps.setString(i++, f.to().toString());
      }
      if (f.category() != null && !AnalyticsFilter.TOTAL.equals(f.category())) {
        ps.setString(i++, f.category());
      }
      if (f.country() != null && !AnalyticsFilter.TOTAL.equals(f.country())) {
        ps.setString(i++, f.country());
      }
      ps.setLong(i, f.limit());
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    }
  }

  private static RiskMeasures measures(ResultSet rs, int i) throws SQLException {
    long above = rs.getLong(i + 10);
    Long aboveThreshold = rs.wasNull() ? null : above;
    return new RiskMeasures(
        rs.getLong(i),
        dbl(rs, i + 1),
        rs.getLong(i + 2),
        rs.getLong(i + 3),
        rs.getDouble(i + 4),
        rs.getLong(i + 5),
        rs.getLong(i + 6),
        rs.getLong(i + 7),
        dbl(rs, i + 8),
        dbl(rs, i + 9),
        aboveThreshold);
  }

  private static Change change(ResultSet rs, int i) throws SQLException {
    return new Change(dbl(rs, i), dbl(rs, i + 1), dbl(rs, i + 2));
  }

  private static Double dbl(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }
}
