package dev.kairos.quality.internal;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.quality.Batch;
import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.ExpectationResult;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.ValidationReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Evaluates every expectation of a suite in one pass over a batch. */
public final class Engine {
  private Engine() {}

  public static ValidationReport run(ExpectationSuite suite, Batch batch, Clock clock) {
    var runAt = clock.instant();
    Pass pass = new Pass(suite.expectations(), clock);
    try {
      batch.scan(pass);
    } catch (KairosException e) {
      if (e.kind() != ErrorKind.USER) {
        throw e;
      }
      return new ValidationReport(
          suite.name(), suite.origin(), batch.name(), runAt, pass.rows, List.of(), e.getMessage());
    }
    if (pass.evaluators == null || pass.columnCount == 0) {
      return readError(suite, batch, runAt, "the file is empty; expected a header line and rows");
    }
    if (pass.rows == 0) {
      return readError(suite, batch, runAt, "the file has a header but no data rows");
    }
    List<ExpectationResult> results = new ArrayList<>();
    for (Evaluator e : pass.evaluators) {
      results.add(e.finish(pass.rows));
    }
    return new ValidationReport(
        suite.name(), suite.origin(), batch.name(), runAt, pass.rows, results, null);
  }

  private static ValidationReport readError(
      ExpectationSuite suite, Batch batch, java.time.Instant runAt, String problem) {
    return new ValidationReport(
        suite.name(),
        suite.origin(),
        batch.name(),
        runAt,
        0,
        List.of(),
        batch.name() + ": " + problem);
  }

  private static final class Pass implements Batch.Visitor {
    private final List<ExpectationConfig> configs;
    private final Clock clock;
    private Evaluator[] evaluators;
    private Evaluator[] rowEvaluators;
    private long rows;
    private int columnCount;

    Pass(List<ExpectationConfig> configs, Clock clock) {
      this.configs = configs;
      this.clock = clock;
    }

    @Override
    public void columns(List<String> names) {
      columnCount = names.size();
      evaluators = new Evaluator[configs.size()];
      List<Evaluator> perRow = new ArrayList<>();
      for (int i = 0; i < evaluators.length; i++) {
        ExpectationConfig c = configs.get(i);
        evaluators[i] = Catalog.SPECS.get(c.type()).factory().create(c, names, clock);
        if (!(evaluators[i] instanceof TableExpectations.Schema
            || evaluators[i] instanceof TableExpectations.RowCount
            || evaluators[i] instanceof Evaluator.MissingColumn)) {
          perRow.add(evaluators[i]);
        }
      }
      rowEvaluators = perRow.toArray(new Evaluator[0]);
    }

    @Override
    public void row(long line, Object[] values) {
      rows++;
      for (Evaluator e : rowEvaluators) {
        e.accept(line, values);
      }
    }
  }
}
