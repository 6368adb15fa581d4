package dev.kairos.monitor;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.api.monitor.SkewSummary;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.io.ValueText;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.spi.SqlAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The consistency check behind {@code kairos skew}: reads the logged rows of a service, recomputes
 * the same features through point-in-time retrieval (the logged request time as the entity row's
 * time, the logged request data as its request fields) and compares them feature by feature.
 *
 * <p>A disagreement is <i>late</i>, not skew, when the served value equals the one recomputed while
 * hiding source rows created after the request time ({@code asOfCreated}): the event had happened,
 * but had not arrived when the request was served. Values compare exactly, except FLOAT and DOUBLE:
 * {@code |a-b| <= 1e-9 * max(1, |a|, |b|)}. A served value whose status is {@code OUTSIDE_MAX_AGE}
 * counts as null, as the view's TTL hides it from training sets too.
 */
public final class SkewCheck {
  private final FeatureStore fs;

  public SkewCheck(FeatureStore fs) {
    this.fs = fs;
  }

  /** The offline store's SQL access, or a USER error saying the store cannot hold logs. */
  public static SqlAccess sql(FeatureStore fs) {
    return fs.offlineStore()
        .sql()
        .orElseThrow(
            () ->
                KairosException.user(
                    "the offline store "
                        + fs.config().offlineStore().type()
                        + " does not speak SQL; feature logs need duckdb or postgres"));
  }

  /** Maps a database failure: SQL state class 08 (connection) is UNAVAILABLE. */
  static KairosException failure(String what, SQLException e) {
    String state = e.getSQLState();
    String message = what + ": " + e.getMessage();
    return state != null && state.startsWith("08")
        ? KairosException.unavailable(message, e)
        : KairosException.internal(message, e);
  }

  /**
   * Runs the check of {@code service} over {@code from <= request_time < to} and stores it in
   * {@code skew_check}, where {@code GET /v1/skew} reads it.
   *
   * @throws KairosException NOT_FOUND for an unknown service; UNAVAILABLE when a store is down
   */
  public SkewReport runAndStore(String service, Instant from, Instant to) {
    fs.definitions().requireService(service);
    SkewReport r = run(service, from, to);
    new SkewChecks(sql(fs)).save(r);
    return r;
  }

  /**
   * Compares the rows logged with {@code from <= request_time < to}.
   *
   * @throws KairosException NOT_FOUND for an unknown service; UNAVAILABLE when a store is down
   */
  public SkewReport run(String service, Instant from, Instant to) {
    Definitions defs = fs.definitions();
    List<FeatureRef> refs = defs.resolveService(service);
    List<LogRow> rows;
    try {
      rows = new FeatureLogTable(sql(fs)).read(service, from, to);
    } catch (SQLException e) {
      throw failure("reading the feature log of service '" + service + "' failed", e);
    }
    Map<String, ValueType> types = new LinkedHashMap<>();
    refs.forEach(r -> types.put(RowBuilder.name(r), defs.typeOf(r)));
    Path dir = tempDir();
    try {
      List<String[]> recomputed =
          rows.isEmpty() ? List.of() : recompute(dir, service, rows, types, false);
      List<String[]> asOfCreated = null;
      if (disagrees(rows, recomputed, types)) {
        asOfCreated = recompute(dir, service, rows, types, true);
      }
      return compare(service, from, to, rows, types, recomputed, asOfCreated);
    } finally {
      deleteQuietly(dir);
    }
  }

  private boolean disagrees(
      List<LogRow> rows, List<String[]> recomputed, Map<String, ValueType> types) {
    List<String> names = List.copyOf(types.keySet());
    for (int i = 0; i < rows.size(); i++) {
      for (int f = 0; f < names.size(); f++) {
        LogRow.Served s = rows.get(i).features().get(names.get(f));
        if (s != null
            && FeatureComparison.compare(
                    parse(s.effective(), types.get(names.get(f))),
                    parse(recomputed.get(i)[f], types.get(names.get(f))))
                .disagrees()) {
          return true;
        }
      }
    }
    return false;
  }

  private SkewReport compare(
      String service,
      Instant from,
      Instant to,
      List<LogRow> rows,
      Map<String, ValueType> types,
      List<String[]> recomputed,
      List<String[]> asOfCreated) {
    List<String> names = List.copyOf(types.keySet());
    List<FeatureComparison> features = new ArrayList<>();
    names.forEach(n -> features.add(new FeatureComparison(n, types.get(n))));
    TreeMap<Instant, long[]> hours = new TreeMap<>();
    long mismatches = 0;
    long late = 0;
    for (int i = 0; i < rows.size(); i++) {
      LogRow row = rows.get(i);
      boolean rowMismatch = false;
      boolean rowLate = false;
      for (int f = 0; f < names.size(); f++) {
        LogRow.Served s = row.features().get(names.get(f));
        if (s == null) {
          continue;
        }
        ValueType type = types.get(names.get(f));
        Object served = parse(s.effective(), type);
        Object again = parse(recomputed.get(i)[f], type);
        FeatureComparison.Kind kind = FeatureComparison.compare(served, again);
        boolean isLate =
            kind.disagrees()
                && asOfCreated != null
                && !FeatureComparison.compare(served, parse(asOfCreated.get(i)[f], type))
                    .disagrees();
        features.get(f).add(kind, isLate, served, again, row.entityKeys(), row.requestTime());
        rowMismatch |= kind.disagrees() && !isLate;
        rowLate |= isLate;
      }
      long[] hour =
          hours.computeIfAbsent(row.requestTime().truncatedTo(ChronoUnit.HOURS), h -> new long[2]);
      hour[0]++;
      if (rowMismatch) {
        mismatches++;
        hour[1]++;
      } else if (rowLate) {
        late++;
      }
    }
    List<SkewSummary.Hour> perHour = new ArrayList<>();
    hours.forEach((h, c) -> perHour.add(new SkewSummary.Hour(h, c[0], c[1])));
    return new SkewReport(
        service,
        fs.clock().instant(),
        from,
        to,
        rows.size(),
        mismatches,
        late,
        perHour,
        features.stream().map(FeatureComparison::result).toList());
  }

  /** One array of feature texts per logged row, in {@code types} order. */
  private List<String[]> recompute(
      Path dir,
      String service,
      List<LogRow> rows,
      Map<String, ValueType> types,
      boolean asOfCreated) {
    Set<String> keys = new LinkedHashSet<>();
    Set<String> request = new LinkedHashSet<>();
    for (LogRow r : rows) {
      keys.addAll(r.entityKeys().keySet());
      request.addAll(r.requestData().keySet());
    }
    request.removeAll(keys);
    request.remove("event_timestamp");
    List<Field> columns = new ArrayList<>();
    keys.forEach(k -> columns.add(new Field(k, ValueType.STRING)));
    request.forEach(k -> columns.add(new Field(k, ValueType.STRING)));
    columns.add(new Field("event_timestamp", ValueType.STRING));
    Path entities = dir.resolve("logged.csv");
    try (TabularWriter w = TabularWriter.create(entities, columns)) {
      for (LogRow r : rows) {
        Object[] values = new Object[columns.size()];
        int c = 0;
        for (String k : keys) {
          values[c++] = r.entityKeys().get(k);
        }
        for (String k : request) {
          values[c++] = r.requestData().get(k);
        }
        values[c] = r.requestTime().toString();
        w.write(values);
      }
    }
    Path output = dir.resolve(asOfCreated ? "as_of_created.csv" : "recomputed.csv");
    fs.historical(new HistoricalRequest(entities, List.of(), service, output, true, asOfCreated));
    List<String> names = List.copyOf(types.keySet());
    List<String[]> out = new ArrayList<>(rows.size());
    try (TabularReader r = TabularReader.open(output)) {
      int[] at = names.stream().mapToInt(r::columnIndex).toArray();
      for (TabularRecord rec; (rec = r.next()) != null; ) {
        String[] texts = new String[at.length];
        for (int f = 0; f < at.length; f++) {
          Object v = at[f] < 0 ? null : rec.get(at[f]);
          texts[f] = v == null ? null : v.toString();
        }
        out.add(texts);
      }
    }
    if (out.size() != rows.size()) {
      throw KairosException.internal(
          "point-in-time retrieval returned "
              + out.size()
              + " rows for "
              + rows.size()
              + " logged rows",
          null);
    }
    return out;
  }

  static Object parse(String text, ValueType type) {
    if (text == null) {
      return null;
    }
    try {
      return ValueText.parse(text, type);
    } catch (IllegalArgumentException e) {
      throw KairosException.internal(
          "a logged or recomputed value is unreadable: " + e.getMessage(), e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("kairos-skew");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the skew check", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
