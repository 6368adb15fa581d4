package dev.kairos.store.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Finds which of a batch's sequences a table already holds, reading only the batch's ranges. */
final class SeqRanges {
  /**
   * Sequences further apart than this start a new range: offsets of one Kafka partition are close,
   * and two partitions are 2^42 apart, so a batch costs one range per partition it holds.
   */
  static final long GAP = 1 << 16;

  private SeqRanges() {}

  /** A mutable set of those of {@code seqs} that {@code table} already holds. */
  static Set<Long> present(Connection c, String table, String seqColumn, long[] seqs)
      throws SQLException {
    long[] sorted = seqs.clone();
    Arrays.sort(sorted);
    Set<Long> present = new HashSet<>(seqs.length * 2);
    String sql =
        "SELECT " + seqColumn + " FROM " + table + " WHERE " + seqColumn + " BETWEEN ? AND ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int start = 0;
      for (int i = 1; i <= sorted.length; i++) {
        if (i == sorted.length || sorted[i] - sorted[i - 1] > GAP) {
          ps.setLong(1, sorted[start]);
          ps.setLong(2, sorted[i - 1]);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              present.add(rs.getLong(1));
            }
          }
          start = i;
        }
      }
    }
    return present;
  }
}
