package dev.kairos.cli.demo;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files the demo derives from the generated transactions. */
final class DemoFiles {
  static final String MARKER = ".kairos-demo";

  private DemoFiles() {}

  /** Empties a folder a previous demo created; refuses any other non-empty folder. */
  static void prepare(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty && !Files.exists(dir.resolve(MARKER))) {
        throw KairosException.user(
            dir + " exists and was not created by kairos demo; pass --dir with a new folder");
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Writes a batch made from the first {@code rows} transactions with deliberate damage: every 50th
   * amount negated and every 97th user id emptied.
   */
  static long corrupt(Path clean, Path out, int rows) throws IOException {
    long damaged = 0;
    try (BufferedReader in = Files.newBufferedReader(clean, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(in.readLine());
      w.newLine();
      String line;
      for (int i = 1; i <= rows && (line = in.readLine()) != null; i++) {
        String[] f = line.split(",", -1);
        if (i % 50 == 0) {
          f[4] = "-" + f[4];
          damaged++;
        }
        if (i % 97 == 0) {
          f[1] = "";
          damaged++;
        }
        w.write(String.join(",", f));
        w.newLine();
      }
    }
    return damaged;
  }

  /** The labelled-events columns: keys, the scoring time, the request data and the label. */
  static final String ENTITY_HEADER =
      "transaction_id,user_id,merchant_id,device_id,event_timestamp,amount,country,"
          + "merchant_category,is_fraud";

  /**
   * Writes the labelled events a data scientist trains on: every {@code step}-th transaction with
   * its keys, the time the model scored it (the transaction's own event time), the request data the
   * model received with it (amount, country, merchant category) and its label. No shift is needed:
   * windowed aggregations cover {@code t - W <= event < t}, so a transaction never counts in its
   * own features, as in production where it is not stored yet when it is scored.
   */
  static long entityRows(Path transactions, Path out, int step) throws IOException {
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(transactions, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      in.readLine();
      w.write(ENTITY_HEADER);
      w.newLine();
      String line;
      for (long i = 0; (line = in.readLine()) != null; i++) {
        if (i % step == 0) {
          String[] f = line.split(",", -1);
          w.write(String.join(",", f[0], f[1], f[2], f[7], f[8], f[4], f[6], f[3], f[10]));
          w.newLine();
          n++;
        }
      }
    }
    return n;
  }

  /**
   * The given columns of the first {@code rows} data rows of a CSV file, as aligned text lines
   * (header first); a column the file lacks is left out.
   */
  static List<String> columns(Path csv, List<String> names, int rows) throws IOException {
    List<String> lines = sample(csv, rows);
    List<String> header = List.of(lines.get(0).split(",", -1));
    List<Integer> picked = new ArrayList<>();
    names.forEach(
        c -> {
          if (header.contains(c)) {
            picked.add(header.indexOf(c));
          }
        });
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String[] f = l.split(",", -1);
      StringBuilder b = new StringBuilder();
      for (int i : picked) {
        String v = i < f.length ? f[i] : "";
        int width = Math.max(header.get(i).length(), v.contains("T") ? 20 : 12);
        b.append(
            String.format(
                java.util.Locale.ROOT,
                "%-" + width + "s ",
                v.length() > width ? v.substring(0, width) : v));
      }
      out.add(b.toString().stripTrailing());
    }
    return out;
  }

  /**
   * The header and {@code rows} rows from the second half of the file (where the windows have
   * history), the fraudulent ones ({@code is_fraud} 1) first, then the others, in file order.
   */
  private static List<String> sample(Path csv, int rows) throws IOException {
    List<String> all = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = List.of(all.get(0).split(",", -1));
    int label = header.indexOf("is_fraud");
    List<String> fraud = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String l : all.subList(Math.max(1, all.size() / 2), all.size())) {
      String[] f = l.split(",", -1);
      boolean isFraud = label >= 0 && label < f.length && f[label].equals("1");
      (isFraud ? fraud : other).add(l);
    }
    List<String> out = new ArrayList<>(List.of(all.get(0)));
    fraud.stream().limit(Math.min(2, rows)).forEach(out::add);
    other.stream().limit(rows - (out.size() - 1)).forEach(out::add);
    return out;
  }

  /** The (user_id, merchant_id) pairs of the last {@code n} transactions. */
  static List<long[]> lastPairs(Path transactions, int n) {
    List<long[]> out = new ArrayList<>();
    for (String[] f : lastRows(transactions, n)) {
      out.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
    }
    return out;
  }

  /** The last {@code n} rows of a generated transactions file, split into its columns. */
  static List<String[]> lastRows(Path transactions, int n) {
    try (Stream<String> lines = Files.lines(transactions, StandardCharsets.UTF_8)) {
      List<String> all = lines.skip(1).toList();
      return all.subList(Math.max(0, all.size() - n), all.size()).stream()
          .map(l -> l.split(",", -1))
          .toList();
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.INTERNAL, "cannot read " + transactions, new UncheckedIOException(e));
    }
  }
}
