package dev.kairos.store.postgres;

import static dev.kairos.spi.OfflineStore.STREAMED_SEQ_BASE;
import static dev.kairos.store.postgres.PostgresOfflineStore.SEQ;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Loads rows with {@code COPY ... (FORMAT csv)}, and finds streamed sequences already loaded. */
final class PgCopy {
  private PgCopy() {}

  /** The sequences of {@code seqs} the table already holds, as a set the caller may add to. */
  static Set<Long> present(Connection c, String table, long[] seqs) throws SQLException {
    Set<Long> present = new HashSet<>(seqs.length * 2);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + SEQ
                + " FROM "
                + table
                + " WHERE "
                + SEQ
                + " = ANY (?) AND "
                + SEQ
                + " >= "
                + STREAMED_SEQ_BASE)) {
      Long[] boxed = new Long[seqs.length];
      for (int i = 0; i < seqs.length; i++) {
        boxed[i] = seqs[i];
      }
      ps.setArray(1, c.createArrayOf("bigint", boxed));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          present.add(rs.getLong(1));
        }
      }
    }
    return present;
  }

  /**
   * Copies rows; with {@code seqs}, row {@code i} also gets {@code seqs[i]} as its last column
   * (then the COPY statement names it), else the table's {@code bigserial} assigns it. Errors name
   * row {@code numbers[i]}, or the row's position when {@code numbers} is null.
   */
  static long copy(
      Connection c, String sql, Source source, Iterator<Object[]> rows, long[] seqs, int[] numbers)
      throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    List<Field> fields = source.fields();
    StringBuilder buf = new StringBuilder(1 << 16);
    long n = 0;
    try {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        n++;
        long number = numbers == null ? n : numbers[(int) n - 1];
        if (row.length != fields.size()) {
          throw KairosException.user(
              "row "
                  + number
                  + " has "
                  + row.length
                  + " values but source '"
                  + source.name()
                  + "' has "
                  + fields.size()
                  + " fields");
        }
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            buf.append(',');
          }
          appendField(buf, row[i], fields.get(i), number);
        }
        if (seqs != null) {
          buf.append(',').append(seqs[(int) n - 1]);
        }
        buf.append('\n');
        if (buf.length() >= 1 << 16) {
          write(in, buf);
        }
      }
      write(in, buf);
      in.endCopy();
      return n;
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static void appendField(StringBuilder buf, Object v, Field f, long rowNumber) {
    try {
      PgValues.appendCsv(buf, v, f.type());
    } catch (ClassCastException e) {
      throw new KairosException(
          ErrorKind.USER,
          "row "
              + rowNumber
              + ": field '"
              + f.name()
              + "' holds a "
              + v.getClass().getSimpleName()
              + ", not a "
              + f.type(),
          e);
    }
  }

  private static void write(CopyIn in, StringBuilder buf) throws SQLException {
    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    buf.setLength(0);
  }
}
