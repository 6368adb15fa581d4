package dev.kairos.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.api.FieldStatus;
import dev.kairos.spi.SqlAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table {@code feature_log_<service>} in the offline store, next to the source tables: its
 * schema (documented in docs/skew.md), batch appends and reads by request time. Maps are stored as
 * JSON objects in text columns so that a service's features can change without altering the table.
 */
public final class FeatureLogTable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> TEXT_MAP =
      new TypeReference<>() {};
  private static final String COLUMNS =
      "request_id, request_time, registry_version, entity_keys, request_data, feature_values,"
          + " feature_statuses, feature_event_times, model, model_version, score";

  /** Microseconds, as both stores keep them; every field written, which both parse. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private static final int ROWS_PER_INSERT = 2_048;

  private final SqlAccess sql;
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  public FeatureLogTable(SqlAccess sql) {
    this.sql = sql;
  }

  /** The table's qualified name for a service. */
  public String table(String service) {
    return sql.ownedTable("feature_log_" + service);
  }

  String createSql(String service) {
    String dbl = sql.dialect().equals("postgresql") ? "DOUBLE PRECISION" : "DOUBLE";
    return "CREATE TABLE IF NOT EXISTS "
        + table(service)
        + " (request_id TEXT, request_time TIMESTAMP, registry_version BIGINT, entity_keys TEXT,"
        + " request_data TEXT, feature_values TEXT, feature_statuses TEXT, feature_event_times"
        + " TEXT, model TEXT, model_version BIGINT, score "
        + dbl
        + ")";
  }

  /** Appends rows of one service in one transaction, creating the table when missing. */
  public void append(String service, List<LogRow> rows) throws SQLException {
    sql.withConnection(
        c -> {
          // Once per service and table instance: a CREATE per batch costs the store a catalog
          // transaction of its own.
          if (!created.contains(service)) {
            create(c, service);
            created.add(service);
          }
          c.setAutoCommit(false);
          try {
            // One statement per chunk whose parameters are eleven arrays, one per column: its
            // text and plan do not grow with the rows. A VALUES list of 11 parameters per row cost
            // DuckDB more to parse, plan and bind than the rows themselves (~300 us a row).
            try (PreparedStatement ps = c.prepareStatement(insertSql(service))) {
              for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                List<LogRow> chunk =
                    rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                String[][] columns = columns(chunk);
                for (int i = 0; i < columns.length; i++) {
                  ps.setArray(i + 1, c.createArrayOf("varchar", columns[i]));
                }
                ps.executeUpdate();
              }
            }
            c.commit();
            return null;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            created.remove(service); // the table may have been dropped: create it next time
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /** Casts of the eleven text arrays to the columns' types, in {@link #COLUMNS} order. */
  private static final String[] CASTS = {
    "%s",
    "CAST(%s AS TIMESTAMP)",
    "CAST(%s AS BIGINT)",
    "%s",
    "%s",
    "%s",
    "%s",
    "%s",
    "%s",
    "CAST(%s AS BIGINT)",
    "CAST(%s AS DOUBLE PRECISION)"
  };

  private String insertSql(String service) {
    StringBuilder sb =
        new StringBuilder("INSERT INTO ").append(table(service)).append(" (").append(COLUMNS);
    sb.append(") SELECT ");
    for (int i = 0; i < CASTS.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(CASTS[i], "unnest(CAST(? AS TEXT[]))"));
    }
    return sb.toString();
  }

  private void create(Connection c, String service) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(createSql(service));
    }
  }

  /** The rows as eleven columns of text (nulls kept), in {@link #COLUMNS} order. */
  private static String[][] columns(List<LogRow> rows) {
    String[][] cols = new String[CASTS.length][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      LogRow r = rows.get(i);
      Map<String, String> values = new LinkedHashMap<>();
      Map<String, String> statuses = new LinkedHashMap<>();
      Map<String, String> times = new LinkedHashMap<>();
      r.features()
          .forEach(
              (name, s) -> {
                values.put(name, s.value());
                statuses.put(name, s.status().name());
                times.put(name, s.eventTime() == null ? null : s.eventTime().toString());
              });
      cols[0][i] = r.requestId();
      cols[1][i] = TIMESTAMP.format(LocalDateTime.ofInstant(r.requestTime(), ZoneOffset.UTC));
      cols[2][i] = Long.toString(r.registryVersion());
      cols[3][i] = json(r.entityKeys());
      cols[4][i] = json(r.requestData());
      cols[5][i] = json(values);
      cols[6][i] = json(statuses);
      cols[7][i] = json(times);
      cols[8][i] = r.model();
      cols[9][i] = r.modelVersion() == null ? null : Long.toString(r.modelVersion());
      // Shortest text that reads back as the same double.
      cols[10][i] = r.score() == null ? null : Double.toString(r.score());
    }
    return cols;
  }

  /** The rows with {@code from <= request_time < to}, oldest first; none when no table. */
  public List<LogRow> read(String service, Instant from, Instant to) throws SQLException {
    return sql.withConnection(
        c -> {
          create(c, service);
          List<LogRow> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + table(service)
                      + " WHERE request_time >= ? AND request_time < ?"
                      + " ORDER BY request_time, request_id, entity_keys")) {
            ps.setObject(1, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(2, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(row(service, rs));
              }
            }
          }
          return out;
        });
  }

  private static LogRow row(String service, ResultSet rs) throws SQLException {
    Map<String, String> values = map(rs.getString(6));
    Map<String, String> statuses = map(rs.getString(7));
    Map<String, String> times = map(rs.getString(8));
    Map<String, LogRow.Served> features = new LinkedHashMap<>();
    values.forEach(
        (name, v) -> {
          String t = times.get(name);
          features.put(
              name,
              new LogRow.Served(
                  v, FieldStatus.valueOf(statuses.get(name)), t == null ? null : Instant.parse(t)));
        });
    long version = rs.getLong(10);
    Long modelVersion = rs.wasNull() ? null : version;
    double score = rs.getDouble(11);
    Double scored = rs.wasNull() ? null : score;
    return new LogRow(
        service,
        rs.getString(1),
        rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
        rs.getLong(3),
        map(rs.getString(4)),
        map(rs.getString(5)),
        features,
        rs.getString(9),
        modelVersion,
        scored);
  }

  private static String json(Map<String, String> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + m, e);
    }
  }

  private static Map<String, String> map(String json) throws SQLException {
    try {
      return json == null ? Map.of() : JSON.readValue(json, TEXT_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("feature_log row is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
