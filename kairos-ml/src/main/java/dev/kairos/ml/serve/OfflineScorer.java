package dev.kairos.ml.serve;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.TabularWriter;
import dev.kairos.core.io.ValueText;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.registry.ModelRegistry;
import dev.kairos.ml.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code kairos predict}: scores every row of an entity file through point-in-time features, for
 * backtests. Each row is scored as the feature server would have scored it at the row's {@code
 * event_timestamp}: the same features, computed by the same definitions, encoded by the same {@link
 * InputSpec}s and walked through the same trees.
 *
 * <p>Output: the entity file's columns (as text, {@code event_timestamp} as a timestamp), then
 * {@code probability} (DOUBLE), {@code decision} (BOOL), {@code model_version} (INT64) and, with
 * {@code top > 0}, {@code top_reasons} (STRING: {@code view:feature=+0.123; ...}, largest first).
 */
public final class OfflineScorer {
  private final FeatureStore fs;
  private final ModelRegistry registry;

  public OfflineScorer(FeatureStore fs, ModelRegistry registry) {
    this.fs = requireNonNull(fs, "fs");
    this.registry = requireNonNull(registry, "registry");
  }

  /** What was written. */
  public record Summary(ModelVersion version, long rows, long decidedFraud, Path output) {}

  public Summary score(ModelVersion v, Path entities, Path output, int top) {
    LoadedModel m = LoadedModel.load(v, registry.trees(v));
    m.checkAgainst(fs.definitions());
    Path dir = output.toAbsolutePath().getParent();
    Path set;
    try {
      Files.createDirectories(dir);
      set = Files.createTempFile(dir, ".kairos-predict-", ".parquet");
    } catch (IOException e) {
      throw KairosException.unavailable("cannot write next to " + output + ": " + e, e);
    }
    Path tmp = dir.resolve("." + output.getFileName() + ".part" + extension(output));
    try {
      fs.historical(new HistoricalRequest(entities, v.refs(), null, set, true, false));
      long rows;
      long fraud = 0;
      try (TabularReader r = TabularReader.open(set)) {
        List<String> header = r.header();
        int features = v.inputs().size();
        int entityColumns = header.size() - features;
        int ts = header.indexOf("event_timestamp");
        List<Field> columns = new ArrayList<>();
        for (int i = 0; i < entityColumns; i++) {
          columns.add(new Field(header.get(i), i == ts ? ValueType.TIMESTAMP : ValueType.STRING));
        }
        columns.add(new Field("probability", ValueType.DOUBLE));
        columns.add(new Field("decision", ValueType.BOOL));
        columns.add(new Field("model_version", ValueType.INT64));
        if (top > 0) {
          columns.add(new Field("top_reasons", ValueType.STRING));
        }
        checkNoClash(columns, entities);
        try (TabularWriter w = TabularWriter.create(tmp, columns)) {
          float[] x = new float[features];
          for (TabularRecord rec; (rec = r.next()) != null; ) {
            Instant at = (Instant) ValueText.convert(rec.get(ts), ValueType.TIMESTAMP);
            for (int j = 0; j < features; j++) {
              Object value =
                  ValueText.convert(rec.get(entityColumns + j), v.inputs().get(j).type());
              x[j] = m.encoders().get(j).encode(value, at);
            }
            double p = m.trees().probability(x);
            boolean decision = p >= v.threshold();
            fraud += decision ? 1 : 0;
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < entityColumns; i++) {
              row[i] = i == ts ? at : ValueText.format(rec.get(i));
            }
            row[entityColumns] = p;
            row[entityColumns + 1] = decision;
            row[entityColumns + 2] = v.version();
            if (top > 0) {
              row[entityColumns + 3] = reasons(v, m.trees().contributions(x), top);
            }
            w.write(row);
          }
          rows = w.rows();
        }
      }
      Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Summary(v, rows, fraud, output);
    } catch (IOException e) {
      throw KairosException.unavailable("cannot write " + output + ": " + e, e);
    } finally {
      set.toFile().delete();
      tmp.toFile().delete();
    }
  }

  private static void checkNoClash(List<Field> columns, Path entities) {
    List<String> names = columns.stream().map(Field::name).toList();
    for (String out : List.of("probability", "decision", "model_version", "top_reasons")) {
      if (names.indexOf(out) != names.lastIndexOf(out)) {
        throw KairosException.user(
            entities + ": has a column named " + out + ", which predict adds; rename it");
      }
    }
  }

  static String reasons(ModelVersion v, double[] phi, int top) {
    Integer[] order = new Integer[phi.length - 1];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(phi[i])));
    return Arrays.stream(order)
        .limit(top)
        .map(i -> String.format(Locale.ROOT, "%s=%+.4f", v.inputs().get(i).ref(), phi[i]))
        .collect(Collectors.joining("; "));
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot);
  }
}
