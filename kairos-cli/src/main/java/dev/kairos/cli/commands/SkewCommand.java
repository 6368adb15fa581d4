package dev.kairos.cli.commands;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.monitor.ReportJson;
import dev.kairos.monitor.SkewCheck;
import dev.kairos.monitor.SkewReport;
import dev.kairos.store.duckdb.DuckDbOfflineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos skew}: recomputes logged feature vectors offline and reports every mismatch. */
@Command(
    name = "skew",
    mixinStandardHelpOptions = true,
    description = {
      "Checks training/serving skew: recomputes the feature vectors the server logged for a service"
          + " (logging: {sample_rate: ...}) through point-in-time retrieval and compares them"
          + " feature by feature, per hour. The check is stored for GET /v1/skew.",
      "Exit codes: 0 ok, 4 mismatch rate above --max-mismatch-rate, 2 user error, 3 store"
          + " unavailable."
    })
public final class SkewCommand implements Callable<Integer> {
  /** Exit code when the mismatch rate is above the threshold (1 means an internal error). */
  public static final int ABOVE_THRESHOLD = 4;

  @Option(names = "--service", required = true, description = "The feature service to check.")
  String service;

  @Option(
      names = "--from",
      description = "First request time checked, inclusive (default: 24 hours before --to).")
  Instant from;

  @Option(names = "--to", description = "Last request time checked, exclusive (default: now).")
  Instant to;

  @Option(
      names = "--max-mismatch-rate",
      paramLabel = "RATE",
      description =
          "Exit with code 4 when the share of rows with a mismatch is above RATE (0 to 1).")
  Double maxMismatchRate;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Run the check in the kairos serve at URL (POST /v1/skew/check), such as"
              + " http://127.0.0.1:6566: a server on an embedded DuckDB offline store holds the"
              + " file, so the check runs there. Without --from/--to the server checks its last"
              + " 24 hours.")
  String server;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() {
    if (maxMismatchRate != null && !(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
      throw KairosException.user(
          "--max-mismatch-rate must be from 0 to 1 (a share of rows), not " + maxMismatchRate);
    }
    SkewReport r;
    if (server != null) {
      if (from != null && to != null && !from.isBefore(to)) {
        throw KairosException.user("--from " + from + " must be before --to " + to);
      }
      r = SkewServerClient.check(server, service, from, to);
    } else {
      r = local();
    }
    if (format == Format.json) {
      System.out.print(ReportJson.render(r));
    } else {
      print(r);
    }
    if (maxMismatchRate != null && r.mismatchRate() > maxMismatchRate) {
      System.err.printf(
          Locale.ROOT,
          "error: mismatch rate %.6f of service %s is above --max-mismatch-rate %s (%d of %d"
              + " rows)%n",
          r.mismatchRate(),
          service,
          maxMismatchRate,
          r.mismatches(),
          r.rows());
      return ABOVE_THRESHOLD;
    }
    return 0;
  }

  private SkewReport local() {
    try (FeatureStore fs = Repos.open(repo)) {
      Instant end = to != null ? to : fs.clock().instant();
      Instant start = from != null ? from : end.minus(Duration.ofHours(24));
      if (!start.isBefore(end)) {
        throw KairosException.user("--from " + start + " must be before --to " + end);
      }
      try {
        return new SkewCheck(fs).runAndStore(service, start, end);
      } catch (KairosException e) {
        if (e.kind() == ErrorKind.UNAVAILABLE
            && String.valueOf(e.getMessage()).endsWith(DuckDbOfflineStore.LOCKED)) {
          throw new KairosException(
              ErrorKind.UNAVAILABLE,
              e.getMessage()
                  + "; or give --server http://HOST:PORT to run the check in the kairos serve"
                  + " that holds it",
              e.getCause());
        }
        throw e;
      }
    }
  }

  private static void print(SkewReport r) {
    System.out.printf(
        Locale.ROOT,
        "Service %s, requests from %s to %s: %,d logged rows, %,d with a mismatch (%.4f%%), %,d"
            + " late.%n",
        r.service(),
        r.from(),
        r.to(),
        r.rows(),
        r.mismatches(),
        100 * r.mismatchRate(),
        r.late());
    if (r.rows() == 0) {
      System.out.println(
          "Nothing logged in this range: set logging: {sample_rate: ...} on the service, serve"
              + " requests, and check a range that includes them.");
      return;
    }
    System.out.printf(
        "%-48s %8s %9s %10s %11s %9s %6s %10s%n",
        "FEATURE", "TOTAL", "MISMATCH", "BOTH_NULL", "SERVED_NULL", "RECOMP_NULL", "LATE", "SMAPE");
    for (SkewReport.FeatureSkew f : r.features()) {
      System.out.printf(
          Locale.ROOT,
          "%-48s %8d %9d %10d %11d %9d %6d %10s%n",
          f.feature(),
          f.total(),
          f.valueMismatches(),
          f.bothNull(),
          f.servedNullOnly(),
          f.recomputedNullOnly(),
          f.late(),
          f.smape() == null ? "-" : String.format(Locale.ROOT, "%.3g", f.smape()));
    }
    System.out.printf("%nHOUR                  ROWS  MISMATCHES%n");
    r.hours()
        .forEach(h -> System.out.printf("%-20s %6d %11d%n", h.hour(), h.rows(), h.mismatches()));
    for (SkewReport.FeatureSkew f : r.features()) {
      for (Map.Entry<String, List<SkewReport.Example>> e : f.examples().entrySet()) {
        for (SkewReport.Example x : e.getValue()) {
          System.out.printf(
              "example %s %s at %s %s: served %s, recomputed %s%n",
              e.getKey(), f.feature(), x.requestTime(), x.entityKeys(), x.served(), x.recomputed());
        }
      }
    }
  }
}
