package dev.kairos.analytics;

import dev.kairos.core.config.AnalyticsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The views computed by brute force in Java from the README's semantics, over the same rows the
 * store holds: the figures every SQL view must equal.
 */
final class Oracle {
  record Tx(
      String id,
      long user,
      String merchant,
      String category,
      double amount,
      String currency,
      String country,
      String device,
      Instant ts,
      boolean fraud) {
    LocalDate day() {
      return LocalDate.ofInstant(ts, ZoneOffset.UTC);
    }

    LocalDate week() {
      return day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    Double amountUsd() {
      Double units = AnalyticsSettings.UNITS_PER_USD.get(currency);
      return units == null ? null : amount / units * 1.0;
    }
  }

  record Score(
      String transactionId, long modelVersion, double score, double threshold, Instant scoredAt) {}

  /** A group: a day or week start, and category / country (null for the totals). */
  record Key(LocalDate period, String category, String country) {}

  static List<Tx> read(Path csv) throws Exception {
    List<Tx> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      out.add(
          new Tx(
              f[0],
              Long.parseLong(f[1]),
              f[2],
              f[3],
              Double.parseDouble(f[4]),
              f[5],
              f[6],
              f[7],
              Instant.parse(f[8]),
              f[10].equals("1")));
    }
    return out;
  }

  private final List<Tx> rows;
  private final Map<String, Score> latest = new HashMap<>();

  Oracle(List<Tx> rows, List<Score> scores) {
    this.rows = rows;
    for (Score s : scores) {
      latest.merge(
          s.transactionId(),
          s,
          (a, b) ->
              Comparator.comparing(Score::scoredAt)
                          .thenComparingLong(Score::modelVersion)
                          .compare(a, b)
                      >= 0
                  ? a
                  : b);
    }
  }

  Map<Key, RiskMeasures> daily() {
    return measures(Tx::day);
  }

  Map<Key, RiskMeasures> weekly() {
    return measures(Tx::week);
  }

  /**
   * The weekly change of one measure: previous week of the same group, or null when it is empty.
   */
  Map<Key, List<Change>> growth() {
    Map<Key, RiskMeasures> w = weekly();
    Map<Key, List<Change>> out = new HashMap<>();
    w.forEach(
        (k, m) -> {
          RiskMeasures p = w.get(new Key(k.period().minusWeeks(1), k.category(), k.country()));
          out.put(
              k,
              List.of(
                  change((double) m.transactions(), p == null ? null : (double) p.transactions()),
                  change(m.amountReporting(), p == null ? null : p.amountReporting()),
                  change((double) m.fraudCount(), p == null ? null : (double) p.fraudCount()),
                  change(m.fraudRate(), p == null ? null : p.fraudRate())));
        });
    return out;
  }

  private static Change change(Double now, Double prev) {
    Double change = now == null || prev == null ? null : now - prev;
    Double pct = change == null || prev == 0 ? null : change * 100 / prev;
    return new Change(prev, change, pct);
  }

  /** The top 20 merchants by fraud amount per week, ranked. */
  List<TopMerchant> topMerchants() {
    Map<LocalDate, Map<String, List<Tx>>> byWeek = new HashMap<>();
    for (Tx t : rows) {
      byWeek
          .computeIfAbsent(t.week(), k -> new HashMap<>())
          .computeIfAbsent(t.merchant(), k -> new ArrayList<>())
          .add(t);
    }
    List<TopMerchant> out = new ArrayList<>();
    byWeek.forEach(
        (week, merchants) -> {
          List<TopMerchant> ranked = new ArrayList<>();
          merchants.forEach(
              (m, txs) -> {
                long fraud = txs.stream().filter(Tx::fraud).count();
                if (fraud > 0) {
                  ranked.add(
                      new TopMerchant(
                          week,
                          0,
                          m,
                          txs.stream().map(Tx::category).min(String::compareTo).orElseThrow(),
                          txs.stream().map(Tx::country).min(String::compareTo).orElseThrow(),
                          sum(txs.stream().filter(Tx::fraud).toList()),
                          fraud,
                          txs.size(),
                          sum(txs),
                          (double) fraud / txs.size()));
                }
              });
          ranked.sort(
              Comparator.comparing(
                      TopMerchant::fraudAmountReporting,
                      Comparator.nullsLast(Comparator.<Double>reverseOrder()))
                  .thenComparing(TopMerchant::fraudCount, Comparator.reverseOrder())
                  .thenComparing(TopMerchant::merchant));
          for (int i = 0; i < Math.min(20, ranked.size()); i++) {
            TopMerchant r = ranked.get(i);
            out.add(
                new TopMerchant(
                    r.weekStart(),
                    i + 1,
                    r.merchant(),
                    r.category(),
                    r.country(),
                    r.fraudAmountReporting(),
                    r.fraudCount(),
                    r.transactions(),
                    r.amountReporting(),
                    r.fraudRate()));
          }
        });
    return out;
  }

  private Map<Key, RiskMeasures> measures(Function<Tx, LocalDate> period) {
    Map<Key, List<Tx>> groups = new LinkedHashMap<>();
    for (Tx t : rows) {
      LocalDate p = period.apply(t);
      for (Key k :
          List.of(
              new Key(p, t.category(), t.country()),
              new Key(p, t.category(), null),
              new Key(p, null, t.country()),
              new Key(p, null, null))) {
        groups.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
      }
    }
    Map<Key, RiskMeasures> out = new HashMap<>();
    groups.forEach((k, txs) -> out.put(k, measures(txs)));
    return out;
  }

  private RiskMeasures measures(List<Tx> txs) {
    long fraud = txs.stream().filter(Tx::fraud).count();
    double[] scores =
        txs.stream()
            .map(t -> latest.get(t.id()))
            .filter(Objects::nonNull)
            .mapToDouble(Score::score)
            .sorted()
            .toArray();
    long above =
        txs.stream()
            .map(t -> latest.get(t.id()))
            .filter(Objects::nonNull)
            .filter(s -> s.score() >= s.threshold())
            .count();
    return new RiskMeasures(
        txs.size(),
        sum(txs),
        txs.stream().filter(t -> t.amountUsd() == null).count(),
        fraud,
        (double) fraud / txs.size(),
        distinct(txs, Tx::user),
        distinct(txs, Tx::merchant),
        distinct(txs, Tx::device),
        scores.length == 0 ? null : Arrays.stream(scores).sum() / scores.length,
        scores.length == 0 ? null : p95(scores),
        scores.length == 0 ? null : above);
  }

  static double p95(double[] sorted) {
    double pos = 0.95 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static Double sum(List<Tx> txs) {
    List<Double> converted = txs.stream().map(Tx::amountUsd).filter(Objects::nonNull).toList();
    return converted.isEmpty() ? null : converted.stream().mapToDouble(Double::doubleValue).sum();
  }

  private static long distinct(List<Tx> txs, Function<Tx, Object> f) {
    Set<Object> s = new HashSet<>();
    txs.forEach(t -> s.add(f.apply(t)));
    return s.size();
  }
}
