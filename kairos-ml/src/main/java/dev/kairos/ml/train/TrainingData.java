package dev.kairos.ml.train;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.ValueText;
import dev.kairos.core.offline.HistoricalRequest;
import dev.kairos.ml.features.InputSpec;
import dev.kairos.ml.runs.Run.DataFingerprint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A labelled training set built through point-in-time retrieval: the labels file is the entity file
 * (join keys, {@code event_timestamp}, request fields and the label), so every feature,
 * request-time ones included, is computed exactly as {@code kairos historical} computes it. Values
 * are kept decoded, one column per feature, until {@link #encode} turns them into model inputs.
 */
public final class TrainingData {
  static final String TIMESTAMP = "event_timestamp";

  private final List<FeatureRef> refs;
  private final List<ValueType> types;
  private final Object[][] columns;
  private final Instant[] times;
  private final float[] labels;

  private TrainingData(
      List<FeatureRef> refs,
      List<ValueType> types,
      Object[][] columns,
      Instant[] times,
      float[] labels) {
    this.refs = List.copyOf(refs);
    this.types = List.copyOf(types);
    this.columns = columns;
    this.times = times;
    this.labels = labels;
  }

  /**
   * Checks the labels file and builds the training set.
   *
   * @param work a folder for the intermediate training-set file
   * @throws KairosException USER for a missing label or timestamp column, a label that is not 0 or
   *     1 (naming the line), or anything point-in-time retrieval rejects
   */
  public static TrainingData load(
      FeatureStore fs,
      Path labelsFile,
      String label,
      List<FeatureRef> refs,
      List<ValueType> types,
      Path work) {
    float[] labels = readLabels(labelsFile, label);
    Path set = work.resolve("training-set.parquet");
    fs.historical(new HistoricalRequest(labelsFile, refs, null, set, true, false));
    try (TabularReader r = TabularReader.open(set)) {
      int ts = r.columnIndex(TIMESTAMP);
      int[] at = new int[refs.size()];
      for (int i = 0; i < refs.size(); i++) {
        at[i] = r.columnIndex(refs.get(i).view() + "__" + refs.get(i).name());
        if (at[i] < 0) {
          throw KairosException.internal("training set lacks the column of " + refs.get(i), null);
        }
      }
      Object[][] columns = new Object[refs.size()][labels.length];
      Instant[] times = new Instant[labels.length];
      int row = 0;
      for (TabularRecord rec; (rec = r.next()) != null; row++) {
        times[row] = (Instant) ValueText.convert(rec.get(ts), ValueType.TIMESTAMP);
        for (int i = 0; i < at.length; i++) {
          columns[i][row] = ValueText.convert(rec.get(at[i]), types.get(i));
        }
      }
      if (row != labels.length) {
        throw KairosException.internal(
            "training set has " + row + " rows for " + labels.length + " labels", null);
      }
      return new TrainingData(refs, types, columns, times, labels);
    } finally {
      set.toFile().delete();
    }
  }

  private static float[] readLabels(Path file, String label) {
    try (TabularReader r = TabularReader.open(file)) {
      int at = r.columnIndex(label);
      if (at < 0) {
        throw KairosException.user(
            file
                + ": no label column '"
                + label
                + "'; its columns are "
                + r.header()
                + " (--label)");
      }
      if (r.columnIndex(TIMESTAMP) < 0) {
        throw KairosException.user(
            file
                + ": no "
                + TIMESTAMP
                + " column; every labelled row needs the time its features are computed at");
      }
      float[] out = new float[1024];
      int n = 0;
      for (TabularRecord rec; (rec = r.next()) != null; ) {
        Object v = rec.get(at);
        float y;
        String text = v == null ? null : v.toString().trim();
        if ("0".equals(text) || "1".equals(text)) {
          y = text.equals("1") ? 1f : 0f;
        } else if (v instanceof Boolean b) {
          y = b ? 1f : 0f;
        } else {
          throw KairosException.user(
              rec.location()
                  + ": label "
                  + label
                  + " is "
                  + (v == null ? "empty" : "'" + v + "'")
                  + "; labels must be 0 or 1");
        }
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = y;
      }
      return java.util.Arrays.copyOf(out, n);
    }
  }

  public int rows() {
    return labels.length;
  }

  public Instant[] times() {
    return times;
  }

  public float[] labels() {
    return labels;
  }

  public List<FeatureRef> refs() {
    return refs;
  }

  public ValueType type(FeatureRef ref) {
    return types.get(index(ref));
  }

  /** The raw values of one feature, one per row. */
  public Object[] column(FeatureRef ref) {
    return columns[index(ref)];
  }

  private int index(FeatureRef ref) {
    int i = refs.indexOf(ref);
    if (i < 0) {
      throw new IllegalArgumentException(ref + " is not in this training set");
    }
    return i;
  }

  /** The labels of some rows. */
  public float[] labels(int[] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = labels[rows[i]];
    }
    return out;
  }

  /**
   * The model inputs of some rows, row-major ({@code rows.length * specs.size()} floats), each
   * encoded by its spec with the row's timestamp as the request time.
   */
  public float[] encode(int[] rows, List<InputSpec> specs) {
    int f = specs.size();
    float[] out = new float[rows.length * f];
    for (int j = 0; j < f; j++) {
      InputSpec.Encoder e = specs.get(j).encoder();
      Object[] col = column(specs.get(j).ref());
      for (int i = 0; i < rows.length; i++) {
        out[i * f + j] = e.encode(col[rows[i]], times[rows[i]]);
      }
    }
    return out;
  }

  /** Row count, time range and a SHA-256 of the inputs, labels and times, in row order. */
  public DataFingerprint fingerprint(List<InputSpec> specs) {
    int[] all = new int[rows()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    float[] x = encode(all, specs);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buf = ByteBuffer.allocate(8 * 1024);
    Instant from = null;
    Instant to = null;
    int f = specs.size();
    for (int i = 0; i < all.length; i++) {
      if (buf.remaining() < 4 * (f + 4)) {
        sha.update(buf.flip());
        buf.clear();
      }
      for (int j = 0; j < f; j++) {
        buf.putFloat(x[i * f + j]);
      }
      buf.putFloat(labels[i]).putLong(times[i].getEpochSecond()).putInt(times[i].getNano());
      from = from == null || times[i].isBefore(from) ? times[i] : from;
      to = to == null || times[i].isAfter(to) ? times[i] : to;
    }
    sha.update(buf.flip());
    if (from == null) {
      throw KairosException.user("the labels file has no rows");
    }
    return new DataFingerprint(rows(), from, to, HexFormat.of().formatHex(sha.digest()));
  }

  /** The indexes of the rows a split assigned to {@code part}, in file order. */
  public static int[] rowsOf(TimeSplit.Part[] parts, TimeSplit.Part part) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == part) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
