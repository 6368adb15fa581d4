package dev.kairos.quality.internal;

import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import dev.kairos.quality.UnexpectedRow;
import java.util.ArrayList;
import java.util.List;

/** Evaluates one expectation over the rows of a batch, in a single pass shared by all. */
abstract class Evaluator {
  final ExpectationConfig config;
  final List<UnexpectedRow> examples = new ArrayList<>();

  Evaluator(ExpectationConfig config) {
    this.config = config;
  }

  /** Sees one row; {@code row} is only valid during the call. */
  abstract void accept(long line, Object[] row);

  /** The result once every row was seen. */
  abstract ExpectationResult finish(long rowCount);

  void example(long line, Object value) {
    if (examples.size() < ExpectationResult.MAX_EXAMPLES) {
      examples.add(new UnexpectedRow(line, value));
    }
  }

  ExpectationResult aggregate(boolean success, Object observed, String details) {
    return new ExpectationResult(
        config, success, observed, null, null, null, null, List.of(), details);
  }

  double mostly() {
    Object m = config.kwargs().get("mostly");
    return m instanceof Number n ? n.doubleValue() : 1.0;
  }

  static Object cell(Object[] row, int index) {
    return index < row.length ? row[index] : null;
  }

  /** Fails every time: the expectation names a column the batch does not have. */
  static final class MissingColumn extends Evaluator {
    private final String column;

    MissingColumn(ExpectationConfig config, String column) {
      super(config);
      this.column = column;
    }

    @Override
    void accept(long line, Object[] row) {}

    @Override
    ExpectationResult finish(long rowCount) {
      return aggregate(false, null, "column '" + column + "' is not in the file");
    }
  }

  /**
   * An expectation checked value by value over one column. Missing values are skipped (not-null
   * overrides this) and {@code mostly} is the fraction of non-missing values that must pass.
   */
  abstract static class ColumnMap extends Evaluator {
    final int column;
    long elements;
    long missing;
    long unexpected;

    ColumnMap(ExpectationConfig config, int column) {
      super(config);
      this.column = column;
    }

    /** Whether a present value meets the expectation. */
    abstract boolean expected(Object value);

    @Override
    void accept(long line, Object[] row) {
      elements++;
      Object v = cell(row, column);
      if (Values.isMissing(v)) {
        missing++;
      } else if (!expected(v)) {
        unexpected++;
        example(line, v);
      }
    }

    /** What the result reports as observed; the GE default for map expectations is none. */
    Object observed() {
      return null;
    }

    String details() {
      return null;
    }

    boolean extraSuccess() {
      return true;
    }

    @Override
    ExpectationResult finish(long rowCount) {
      long base = elements - missing;
      return result(base, extraSuccess(), observed(), details());
    }

    ExpectationResult result(long base, boolean extra, Object observed, String details) {
      double percent = base == 0 ? 0.0 : 100.0 * unexpected / base;
      boolean ok = base == 0 || (double) (base - unexpected) / base >= mostly();
      return new ExpectationResult(
          config, ok && extra, observed, elements, missing, unexpected, percent, examples, details);
    }
  }
}
