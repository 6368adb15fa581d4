package dev.kairos.bench;

import dev.kairos.core.generate.FraudGenerator;
import dev.kairos.core.generate.GenerationSummary;
import dev.kairos.core.generate.GeneratorConfig;
import dev.kairos.core.generate.GeneratorOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What the load programs share: argument parsing, timing, machine facts and test data. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Parses {@code --name value} pairs; every name must be one of {@code defaults}' keys. */
  public static Map<String, String> args(String[] args, Map<String, String> defaults) {
    Map<String, String> out = new HashMap<>(defaults);
    for (int i = 0; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name == null || !defaults.containsKey(name) || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "bad argument '" + args[i] + "'; options (with defaults): " + defaults);
      }
      out.put(name, args[++i]);
    }
    return out;
  }

  /** Seconds since {@code startNanos}. */
  public static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * CPU time of this process in nanoseconds: every thread, DuckDB's native workers and GC included.
   * Unlike wall time it is barely moved by other processes sharing the cores.
   */
  public static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** {@code nproc} and total RAM, as a line for a result file. */
  public static String machine() {
    String ram = "?";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          ram = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      ram = "unknown (" + e.getMessage() + ")";
    }
    return "nproc "
        + Runtime.getRuntime().availableProcessors()
        + ", RAM "
        + ram
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.version")
        + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MiB";
  }

  /** The current UTC time for a result file's header. */
  public static String now() {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
        .format(Instant.now().atOffset(ZoneOffset.UTC));
  }

  /**
   * Writes exactly {@code rows} generated transactions (30 days from 2026-01-01, as many users as
   * that takes) to a CSV file: the generator's output cut after {@code rows} data lines, so the
   * file holds the earliest events. Reuses an existing file of the same size and seed.
   */
  public static Path transactionsCsv(Path dir, long rows, long seed) {
    Path file = dir.resolve("transactions-" + rows + "-" + seed + ".csv");
    if (Files.isRegularFile(file)) {
      return file;
    }
    int days = 30;
    int users = (int) Math.ceil(rows * 1.05 / (days * FraudGenerator.ROWS_PER_USER_PER_DAY)) + 10;
    Path tmp = dir.resolve(".partial-" + file.getFileName());
    GenerationSummary s = GeneratorOutput.write(new GeneratorConfig(users, days, seed), tmp);
    if (s.rows() < rows) {
      throw new IllegalStateException("generated " + s.rows() + " rows, wanted " + rows);
    }
    truncateAfterLines(tmp, rows + 1);
    try {
      Files.move(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void truncateAfterLines(Path file, long lines) {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      long seen = 0;
      long offset = 0;
      while (ch.read(buf.clear()) > 0) {
        buf.flip();
        for (int i = 0; i < buf.limit(); i++) {
          if (buf.get(i) == '\n' && ++seen == lines) {
            ch.truncate(offset + i + 1);
            return;
          }
        }
        offset += buf.limit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
