package dev.kairos.analytics.internal;

import dev.kairos.core.config.AnalyticsSettings;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * The SELECT statements of the analytics views, for one dialect. Identifiers come only from the
 * checked {@link TransactionLog} (quoted) and the store's {@link dev.kairos.spi.SqlAccess}; the
 * only literals are the fixed conversion rates and dates of type {@link LocalDate}.
 */
final class ViewSql {
  /** The grouping sets: per category x country, per category, per country, per period. */
  private static final String GROUPING_SETS =
      "GROUPING SETS ((%1$s, category, country), (%1$s, category), (%1$s, country), (%1$s))";

  /** The measures whose change against the previous week {@code weekly_growth} reports. */
  static final List<String> GROWTH =
      List.of("transactions", "amount_reporting", "fraud_count", "fraud_rate");

  private final TransactionLog log;
  private final Dialect d;
  private final String sourceTable;
  private final String predictionLog;

  ViewSql(TransactionLog log, Dialect dialect, String sourceTable, String predictionLog) {
    this.log = log;
    this.d = dialect;
    this.sourceTable = sourceTable;
    this.predictionLog = predictionLog;
  }

  static LocalDate weekStart(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private static String date(LocalDate day) {
    return "DATE '" + day + "'"; // a LocalDate prints as uuuu-MM-dd: never user text
  }

  /** {@code daily_risk_summary}, or only its days {@code >= from} when from is not null. */
  String daily(LocalDate from) {
    String where =
        from == null
            ? ""
            : " AND t."
                + col(log.source().timestampField())
                + " >= CAST("
                + date(from)
                + " AS TIMESTAMP)";
    return with(where)
        + "SELECT day, category, country, "
        + measures()
        + " FROM tx GROUP BY "
        + String.format(GROUPING_SETS, "day");
  }

  /**
   * {@code weekly_growth}, or only its weeks from the one holding {@code from}. The previous week
   * comes from a dense calendar of weeks, so a week without rows gives null, never an older week.
   */
  String weekly(LocalDate from) {
    String where = "";
    String keep = "";
    if (from != null) {
      LocalDate first = weekStart(from);
      where =
          " AND t."
              + col(log.source().timestampField())
              + " >= CAST("
              + date(first.minusWeeks(1))
              + " AS TIMESTAMP)";
      keep = " AND week_start >= " + date(first);
    }
    StringBuilder lags = new StringBuilder();
    for (String m : GROWTH) {
      String prev = "prev_" + m;
      lags.append(", ")
          .append(prev)
          .append(", CAST(")
          .append(m)
          .append(" AS ")
          .append(d.doubleType)
          .append(") - ")
          .append(prev)
          .append(" AS ")
          .append(m)
          .append("_change")
          .append(", CASE WHEN ")
          .append(prev)
          .append(" IS NULL OR ")
          .append(prev)
          .append(" = 0 THEN NULL ELSE (CAST(")
          .append(m)
          .append(" AS ")
          .append(d.doubleType)
          .append(") - ")
          .append(prev)
          .append(") * 100 / ")
          .append(prev)
          .append(" END AS ")
          .append(m)
          .append("_change_pct");
    }
    StringBuilder window = new StringBuilder();
    for (String m : GROWTH) {
      window
          .append(", CAST(LAG(a.")
          .append(m)
          .append(") OVER w AS ")
          .append(d.doubleType)
          .append(") AS prev_")
          .append(m);
    }
    return with(where)
        + ", agg AS (SELECT week_start, category, country, "
        + measures()
        + " FROM tx GROUP BY "
        + String.format(GROUPING_SETS, "week_start")
        + "), weeks AS (SELECT CAST("
        + d.weekSeries(
            "CAST((SELECT min(week_start) FROM agg) AS TIMESTAMP)",
            "CAST((SELECT max(week_start) FROM agg) AS TIMESTAMP)")
        + " AS DATE) AS week_start), grps AS (SELECT DISTINCT category, country FROM agg),"
        + " dense AS (SELECT w.week_start, g.category, g.country, a.week_start IS NOT NULL AS present, "
        + measureNames("a.")
        + window
        + " FROM weeks w CROSS JOIN grps g LEFT JOIN agg a ON a.week_start = w.week_start"
        + " AND a.category IS NOT DISTINCT FROM g.category AND a.country IS NOT DISTINCT FROM g.country"
        + " WINDOW w AS (PARTITION BY g.category, g.country ORDER BY w.week_start))"
        + " SELECT week_start, category, country, "
        + measureNames("")
        + lags
        + " FROM dense WHERE present"
        + keep;
  }

  /** {@code top_fraud_merchants}, or only its weeks from the one holding {@code from}. */
  String topMerchants(LocalDate from) {
    String where =
        from == null
            ? ""
            : " AND t."
                + col(log.source().timestampField())
                + " >= CAST("
                + date(weekStart(from))
                + " AS TIMESTAMP)";
    return with(where)
        + ", m AS (SELECT week_start, merchant_key AS merchant, min(category) AS category,"
        + " min(country) AS country, count(*) AS transactions,"
        + " count(CASE WHEN fraud = 1 THEN 1 END) AS fraud_count,"
        + " sum(CASE WHEN fraud = 1 THEN amount_reporting END) AS fraud_amount_reporting,"
        + " sum(amount_reporting) AS amount_reporting"
        + " FROM tx WHERE merchant_key IS NOT NULL GROUP BY week_start, merchant_key),"
        + " r AS (SELECT m.*, row_number() OVER (PARTITION BY week_start"
        + " ORDER BY fraud_amount_reporting DESC NULLS LAST, fraud_count DESC, merchant) AS rank"
        + " FROM m WHERE fraud_count > 0)"
        + " SELECT week_start, rank, merchant, category, country, fraud_amount_reporting,"
        + " fraud_count, transactions, amount_reporting,"
        + " CAST(fraud_count AS "
        + d.doubleType
        + ") / transactions AS fraud_rate"
        + " FROM r WHERE rank <= 20";
  }

  /** The rates, the latest score per transaction, and one normalized row per transaction. */
  private String with(String where) {
    AnalyticsSettings s = log.settings();
    String dbl = d.doubleType;
    StringBuilder rates = new StringBuilder();
    AnalyticsSettings.UNITS_PER_USD.forEach(
        (c, r) ->
            rates
                .append(rates.length() == 0 ? "" : ", ")
                .append("('")
                .append(c)
                .append("', CAST(")
                .append(r)
                .append(" AS ")
                .append(dbl)
                .append("))"));
    double reporting = AnalyticsSettings.UNITS_PER_USD.get(s.reportingCurrency());
    String amount = "CAST(t." + col(s.amount()) + " AS " + dbl + ")";
    String converted;
    String unconverted;
    String join = "";
    if (s.currency() == null) {
      converted = amount;
      unconverted = "0";
    } else {
      join = " LEFT JOIN rates r ON r.currency = t." + col(s.currency());
      converted = amount + " / r.units_per_usd * CAST(" + reporting + " AS " + dbl + ")";
      unconverted = "CASE WHEN r.units_per_usd IS NULL THEN 1 ELSE 0 END";
    }
    String fraud =
        log.labelIsBool()
            ? "CASE WHEN t." + col(s.label()) + " THEN 1 ELSE 0 END"
            : "CASE WHEN t." + col(s.label()) + " <> 0 THEN 1 ELSE 0 END";
    String ts = "t." + col(log.source().timestampField());
    return "WITH rates(currency, units_per_usd) AS (VALUES "
        + rates
        + "),"
        + " scores AS (SELECT transaction_id, score, threshold FROM (SELECT transaction_id, score, threshold,"
        + " row_number() OVER (PARTITION BY transaction_id ORDER BY scored_at DESC NULLS LAST,"
        + " model_version DESC NULLS LAST) AS rn FROM "
        + predictionLog
        + ") p WHERE rn = 1),"
        + " tx AS (SELECT CAST("
        + ts
        + " AS DATE) AS day,"
        + " CAST(date_trunc('week', "
        + ts
        + ") AS DATE) AS week_start,"
        + " COALESCE(t."
        + col(s.category())
        + ", 'unknown') AS category,"
        + " COALESCE(t."
        + col(s.country())
        + ", 'unknown') AS country,"
        + " "
        + converted
        + " AS amount_reporting, "
        + unconverted
        + " AS unconverted,"
        + " "
        + fraud
        + " AS fraud,"
        + " t."
        + col(s.user())
        + " AS user_key,"
        + " CAST(t."
        + col(s.merchant())
        + " AS TEXT) AS merchant_key,"
        + " t."
        + col(s.device())
        + " AS device_key, sc.score, sc.threshold"
        + " FROM "
        + sourceTable
        + " t"
        + join
        + " LEFT JOIN scores sc ON sc.transaction_id = CAST(t."
        + col(s.transactionId())
        + " AS TEXT)"
        + " WHERE "
        + ts
        + " IS NOT NULL"
        + where
        + ") ";
  }

  private String measures() {
    return "count(*) AS transactions, sum(amount_reporting) AS amount_reporting,"
        + " count(CASE WHEN unconverted = 1 THEN 1 END) AS unconverted,"
        + " count(CASE WHEN fraud = 1 THEN 1 END) AS fraud_count,"
        + " CAST(count(CASE WHEN fraud = 1 THEN 1 END) AS "
        + d.doubleType
        + ") / count(*) AS fraud_rate,"
        + " count(DISTINCT user_key) AS users, count(DISTINCT merchant_key) AS merchants,"
        + " count(DISTINCT device_key) AS devices, avg(score) AS avg_score, "
        + d.p95("score")
        + " AS p95_score,"
        + " CASE WHEN count(score) = 0 THEN NULL"
        + " ELSE count(CASE WHEN score >= threshold THEN 1 END) END AS above_threshold";
  }

  static final List<String> MEASURES =
      List.of(
          "transactions",
          "amount_reporting",
          "unconverted",
          "fraud_count",
          "fraud_rate",
          "users",
          "merchants",
          "devices",
          "avg_score",
          "p95_score",
          "above_threshold");

  private static String measureNames(String prefix) {
    return String.join(", ", MEASURES.stream().map(m -> prefix + m).toList());
  }

  private static String col(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
