package dev.kairos.analytics.internal;

import dev.kairos.analytics.Analytics;
import dev.kairos.analytics.AnalyticsFilter;
import dev.kairos.analytics.DailyRisk;
import dev.kairos.analytics.RefreshSummary;
import dev.kairos.analytics.TopMerchant;
import dev.kairos.analytics.WeeklyGrowth;
import dev.kairos.api.KairosException;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.config.AnalyticsSettings;
import dev.kairos.spi.SqlAccess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@link Analytics} over a feature store's {@link SqlAccess}. */
public final class Engine implements Analytics {
  static final String PURPOSE = "analytics";

  private final FeatureStore fs;
  private final AnalyticsSettings settings;
  private final SqlAccess sql;
  private final Dialect dialect;
  private final ViewStore store;
  private final String predictionLog;

  private Engine(FeatureStore fs, AnalyticsSettings settings, SqlAccess sql) {
    this.fs = fs;
    this.settings = settings;
    this.sql = sql;
    this.dialect = Dialect.of(sql.dialect());
    this.predictionLog = sql.ownedTable(PredictionLog.TABLE);
    String schema = sql.schema(PURPOSE);
    this.store =
        dialect == Dialect.DUCKDB
            ? new DuckDbViews(schema, predictionLog)
            : new PgViews(schema, predictionLog);
  }

  /** See {@link Analytics#of}. */
  public static Engine of(FeatureStore fs) {
    AnalyticsSettings settings = fs.config().analytics();
    if (settings == null) {
      throw KairosException.user(
          "no analytics section in kairos.yaml; add one like\n"
              + AnalyticsSettings.EXAMPLE
              + "\nnaming the source that holds the transactions and its fields");
    }
    SqlAccess sql =
        fs.offlineStore()
            .sql()
            .orElseThrow(
                () ->
                    KairosException.user(
                        "analytics need an offline store that speaks SQL (duckdb or postgres),"
                            + " not offline_store type '"
                            + fs.config().offlineStore().type()
                            + "'"));
    return new Engine(fs, settings, sql);
  }

  String qualified(View view) {
    return sql.schema(PURPOSE) + "." + sql.quote(view.name());
  }

  @Override
  public RefreshSummary refresh(LocalDate from) {
    TransactionLog log = TransactionLog.check(settings, fs.definitions());
    fs.offlineStore().ensureTable(log.source());
    ViewSql views = new ViewSql(log, dialect, sql.table(log.source()), predictionLog);
    long start = System.nanoTime();
    List<RefreshSummary.ViewRefresh> done = new ArrayList<>();
    String current = "schema";
    try {
      sql.withConnection(
          c -> {
            store.prepare(c);
            return null;
          });
      for (View v : View.ALL) {
        current = v.name();
        long t0 = System.nanoTime();
        String fingerprint = fingerprint(v.select().apply(views, null));
        done.add(
            sql.withConnection(
                c -> {
                  boolean whole = store.refresh(c, v, qualified(v), views, from, fingerprint);
                  long rows = Readers.count(c, qualified(v));
                  return new RefreshSummary.ViewRefresh(
                      v.name(), rows, whole, Duration.ofNanos(System.nanoTime() - t0));
                }));
      }
    } catch (SQLException e) {
      throw failure("refreshing " + current + " failed", e);
    }
    return new RefreshSummary(done, Duration.ofNanos(System.nanoTime() - start));
  }

  @Override
  public long logPredictions(List<dev.kairos.analytics.LoggedPrediction> rows) {
    try {
      return sql.withConnection(
          c -> {
            try (java.sql.Statement s = c.createStatement()) {
              s.execute(PredictionLog.createSql(predictionLog, dialect));
            }
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO " + predictionLog + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              for (dev.kairos.analytics.LoggedPrediction p : rows) {
                ps.setString(1, p.transactionId());
                ps.setString(2, p.model());
                ps.setLong(3, p.modelVersion());
                ps.setDouble(4, p.score());
                ps.setDouble(5, p.threshold());
                ps.setBoolean(6, p.decision());
                ps.setObject(
                    7, java.time.LocalDateTime.ofInstant(p.scoredAt(), java.time.ZoneOffset.UTC));
                ps.addBatch();
              }
              ps.executeBatch();
              c.commit();
              return (long) rows.size();
            } catch (SQLException | RuntimeException e) {
              c.rollback();
              throw e;
            } finally {
              c.setAutoCommit(true);
            }
          });
    } catch (SQLException e) {
      throw failure("writing to prediction_log failed", e);
    }
  }

  @Override
  public List<DailyRisk> dailyRisk(AnalyticsFilter filter) {
    return read(View.DAILY, c -> Readers.daily(c, qualified(View.DAILY), filter));
  }

  @Override
  public List<WeeklyGrowth> weeklyGrowth(AnalyticsFilter filter) {
    return read(View.WEEKLY, c -> Readers.weekly(c, qualified(View.WEEKLY), filter));
  }

  @Override
  public List<TopMerchant> topMerchants(AnalyticsFilter filter) {
    return read(
        View.TOP_MERCHANTS, c -> Readers.topMerchants(c, qualified(View.TOP_MERCHANTS), filter));
  }

  private <T> List<T> read(View view, SqlAccess.SqlWork<List<T>> work) {
    try {
      return sql.withConnection(
          c -> {
            if (!store.exists(c, qualified(view))) {
              throw KairosException.notFound(
                  "analytics view "
                      + view.name()
                      + " does not exist yet; refresh the analytics views first"
                      + " (kairos analytics refresh)");
            }
            return work.run(c);
          });
    } catch (SQLException e) {
      throw failure("reading " + view.name() + " failed", e);
    }
  }

  private KairosException failure(String what, SQLException e) {
    String message = "analytics (" + sql.dialect() + "): " + what + ": " + e.getMessage();
    String state = e.getSQLState();
    return state != null && state.startsWith("08")
        ? KairosException.unavailable(message, e)
        : KairosException.internal(message, e);
  }

  /** Identifies a view's definition, so a changed section or a new Kairos version rebuilds it. */
  static String fingerprint(String select) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(select.getBytes(StandardCharsets.UTF_8));
      return "kairos analytics " + HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
