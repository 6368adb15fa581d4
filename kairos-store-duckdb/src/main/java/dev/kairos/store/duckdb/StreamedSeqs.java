package dev.kairos.store.duckdb;

import dev.kairos.spi.StreamedSeq;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds which streamed sequences a table already holds, cheaply. DuckDB has no index that a range
 * lookup could use without slowing bulk loads, and streamed rows of several partitions interleave,
 * so zone maps cannot skip them: every lookup scans the table's streamed rows. So this remembers,
 * per table and partition, the greatest sequence committed through this instance (read from the
 * table on first use). A consumer writes each partition in offset order, so a batch's sequences are
 * normally above that mark and need no lookup; only a replay, at or below the mark, is looked up,
 * in one range per cluster of nearby sequences.
 *
 * <p>Correct while this instance is the only writer of streamed rows to the file, which DuckDB's
 * file lock and the store's serialized writes ensure. Not thread-safe: the store's lock guards it.
 */
final class StreamedSeqs {
  /** Sequences further apart than this start a new lookup range. */
  static final long GAP = 1 << 16;

  private final String seqColumn;
  private final Map<String, Map<Integer, Long>> marks = new HashMap<>();

  StreamedSeqs(String seqColumn) {
    this.seqColumn = seqColumn;
  }

  /** A mutable set holding at least those of {@code seqs} that {@code table} already holds. */
  Set<Long> present(Connection c, String table, long[] seqs) throws SQLException {
    Map<Integer, Long> known = marks.computeIfAbsent(table, t -> new HashMap<>());
    long[] below = new long[seqs.length];
    int n = 0;
    for (long seq : seqs) {
      int p = StreamedSeq.partition(seq);
      Long mark = known.get(p);
      if (mark == null) {
        mark = load(c, table, p);
        known.put(p, mark);
      }
      if (seq <= mark) {
        below[n++] = seq;
      }
    }
    Set<Long> present = new HashSet<>(seqs.length * 2);
    if (n > 0) {
      lookUp(c, table, Arrays.copyOf(below, n), present);
    }
    return present;
  }

  /** Records sequences written by a committed transaction. */
  void committed(String table, long[] seqs) {
    Map<Integer, Long> known = marks.computeIfAbsent(table, t -> new HashMap<>());
    for (long seq : seqs) {
      known.merge(StreamedSeq.partition(seq), seq, Math::max);
    }
  }

  /** Forgets a table's marks, so they are read again: after a failure nothing is assumed. */
  void forget(String table) {
    marks.remove(table);
  }

  private long load(Connection c, String table, int partition) throws SQLException {
    long lo = StreamedSeq.of(partition, 0);
    long hi = lo + (StreamedSeq.MAX_OFFSET - 1);
    String sql =
        "SELECT max(" + seqColumn + ") FROM " + table + " WHERE " + seqColumn + " BETWEEN ? AND ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, lo);
      ps.setLong(2, hi);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long max = rs.getLong(1);
        return rs.wasNull() ? lo - 1 : max;
      }
    }
  }

  private void lookUp(Connection c, String table, long[] seqs, Set<Long> present)
      throws SQLException {
    Arrays.sort(seqs);
    String sql =
        "SELECT " + seqColumn + " FROM " + table + " WHERE " + seqColumn + " BETWEEN ? AND ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int start = 0;
      for (int i = 1; i <= seqs.length; i++) {
        if (i == seqs.length || seqs[i] - seqs[i - 1] > GAP) {
          ps.setLong(1, seqs[start]);
          ps.setLong(2, seqs[i - 1]);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              present.add(rs.getLong(1));
            }
          }
          start = i;
        }
      }
    }
  }
}
