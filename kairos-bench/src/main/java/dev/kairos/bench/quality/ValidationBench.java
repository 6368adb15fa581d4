package dev.kairos.bench.quality;

import dev.kairos.bench.BenchSupport;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.quality.Batch;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.ValidationReport;
import dev.kairos.quality.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates generated transactions against the fraud suite that {@code kairos init} ships, with
 * {@link Validator} (one pass in Java, CSV parsing included), and times, in the same run, reading
 * the same file with the same reader without validating (the parse-only baseline). Runs alternate
 * so both see the same machine load; the median of the measured runs is reported.
 *
 * <pre>
 * java -cp target/benchmarks.jar dev.kairos.bench.quality.ValidationBench \
 *     [--rows 1000000] [--runs 5] [--work /tmp/kairos-bench] [--output results/validation.md]
 * </pre>
 */
public final class ValidationBench {
  private static final String SUITE = "/dev/kairos/core/init/template/suites/transactions.json";

  public static void main(String[] argv) throws IOException {
    Map<String, String> a =
        BenchSupport.args(
            argv,
            Map.of("rows", "1000000", "runs", "5", "work", "/tmp/kairos-bench", "output", ""));
    long rows = Long.parseLong(a.get("rows"));
    int runs = Integer.parseInt(a.get("runs"));
    Path work = Files.createDirectories(Path.of(a.get("work")));

    long t0 = System.nanoTime();
    Path csv = BenchSupport.transactionsCsv(work, rows, 42);
    System.out.printf(Locale.ROOT, "data: %s (%.1fs)%n", csv, BenchSupport.seconds(t0));
    ExpectationSuite suite = suite();
    // The generated data covers January 2026; "now" is fixed just after it so freshness passes.
    Validator validator =
        new Validator(Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC));

    List<Double> parse = new ArrayList<>();
    List<Double> validate = new ArrayList<>();
    List<Double> parseCpu = new ArrayList<>();
    List<Double> validateCpu = new ArrayList<>();
    ValidationReport report = null;
    for (int i = -1; i < runs; i++) {
      long pc = cpu();
      long p = System.nanoTime();
      long parsed = parseOnly(csv);
      double ps = BenchSupport.seconds(p);
      double pcs = (cpu() - pc) / 1e9;
      long vc = cpu();
      long v = System.nanoTime();
      report = validator.validate(suite, Batch.of(csv));
      double vs = BenchSupport.seconds(v);
      double vcs = (cpu() - vc) / 1e9;
      if (parsed != rows || report.rowCount() != rows) {
        throw new IllegalStateException("read " + parsed + "/" + report.rowCount() + " rows");
      }
      System.out.printf(
          Locale.ROOT,
          "%s parse-only %.3fs (cpu %.3fs, %,.0f rows/s)  validate %.3fs (cpu %.3fs, %,.0f"
              + " rows/s)%n",
          i < 0 ? "warm-up" : "run " + (i + 1),
          ps,
          pcs,
          rows / ps,
          vs,
          vcs,
          rows / vs);
      if (i >= 0) {
        parse.add(ps);
        validate.add(vs);
        parseCpu.add(pcs);
        validateCpu.add(vcs);
      }
    }
    if (!report.success()) {
      throw new IllegalStateException("the clean batch failed validation:\n" + report.toText());
    }
    String result =
        result(
            rows,
            runs,
            suite,
            csv,
            new double[] {median(parse), median(validate)},
            new double[] {median(parseCpu), median(validateCpu)});
    System.out.print(result);
    if (!a.get("output").isEmpty()) {
      Files.writeString(Path.of(a.get("output")), result, StandardCharsets.UTF_8);
    }
  }

  /** Reads every record with the validator's reader, touching each value so none is skipped. */
  static long parseOnly(Path csv) {
    long n = 0;
    long present = 0;
    try (TabularReader r = TabularReader.open(csv)) {
      for (TabularRecord rec = r.next(); rec != null; rec = r.next()) {
        n++;
        for (Object v : rec.values()) {
          present += v == null ? 0 : 1;
        }
      }
    }
    if (present == 0 && n > 0) {
      throw new IllegalStateException("no values read");
    }
    return n;
  }

  private static ExpectationSuite suite() throws IOException {
    try (InputStream in = ValidationBench.class.getResourceAsStream(SUITE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SUITE);
      }
      return ExpectationSuite.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SUITE);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * CPU time of this process (every thread: the read-ahead thread, GC): unlike wall time, barely
   * moved by other processes on the cores.
   */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String result(
      long rows, int runs, ExpectationSuite suite, Path csv, double[] wall, double[] cpu)
      throws IOException {
    double parse = wall[0];
    double validate = wall[1];
    return String.format(
        Locale.ROOT,
        """
        # Validation benchmark (issue 6)

        - date: %s
        - machine: %s
        - command: `kairos-bench/bin/validation.sh --rows %d --runs %d`
        - data: %,d generated transactions, CSV, %.1f MiB (seed 42, 30 days from 2026-01-01)
        - suite: the shipped fraud suite `%s`, %d expectations, all passing
        - timing: median of %d runs after one warm-up; parse-only and validation alternate

        | what | wall s | rows/s (wall) | CPU s | rows/s (CPU) |
        |---|---:|---:|---:|---:|
        | parse only: `TabularReader` (CSV) reading every record | %.3f | %,.0f | %.3f | %,.0f |
        | `Validator.validate` (one pass in Java, CSV parsing included) | %.3f | %,.0f | %.3f | %,.0f |
        | validator's own cost (difference) | %.3f | %,.0f | %.3f | %,.0f |

        validate / parse-only = %.2f (wall), %.2f (CPU). CPU is the process's CPU time (all
        threads, GC included), which other processes on the machine barely move; wall time is what
        a user waits. The validator parses on a read-ahead thread while the caller's thread
        evaluates, so on two free cores its wall time approaches max(parse, evaluate), not the sum.
        """,
        BenchSupport.now(),
        BenchSupport.machine(),
        rows,
        runs,
        rows,
        Files.size(csv) / 1048576.0,
        suite.origin().substring(1).replace("dev/kairos/core/init/template/", "kairos init: "),
        suite.expectations().size(),
        runs,
        parse,
        rows / parse,
        cpu[0],
        rows / cpu[0],
        validate,
        rows / validate,
        cpu[1],
        rows / cpu[1],
        validate - parse,
        rows / Math.max(1e-9, validate - parse),
        cpu[1] - cpu[0],
        rows / Math.max(1e-9, cpu[1] - cpu[0]),
        validate / parse,
        cpu[1] / cpu[0]);
  }
}
