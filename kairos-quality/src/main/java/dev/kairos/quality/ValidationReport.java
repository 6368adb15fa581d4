package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.quality.internal.ReportRenderer;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of validating one batch against one suite.
 *
 * @param suiteName the suite's {@code expectation_suite_name}
 * @param suiteOrigin where the suite was read from
 * @param batchName what was validated (usually a file path)
 * @param runAt when the validation ran, from the validator's clock
 * @param rowCount data rows read (excluding the header)
 * @param results one per expectation, in suite order; empty when the batch could not be read
 * @param readError why the batch could not be read (with its line), or null when it was read
 */
public record ValidationReport(
    String suiteName,
    String suiteOrigin,
    String batchName,
    Instant runAt,
    long rowCount,
    List<ExpectationResult> results,
    String readError) {
  public ValidationReport {
    requireNonNull(suiteName, "suiteName");
    requireNonNull(suiteOrigin, "suiteOrigin");
    requireNonNull(batchName, "batchName");
    requireNonNull(runAt, "runAt");
    results = List.copyOf(results);
  }

  /** True when the batch was read and every expectation passed. */
  public boolean success() {
    return readError == null && results.stream().allMatch(ExpectationResult::success);
  }

  /** The expectations that failed, in suite order. */
  public List<ExpectationResult> failures() {
    return results.stream().filter(r -> !r.success()).toList();
  }

  /**
   * The report for people: a headline, a table of every expectation (pass/fail, observed value,
   * unexpected count and percentage), then each failure with up to 20 failing rows and their line
   * numbers.
   */
  public String toText() {
    return ReportRenderer.text(this);
  }

  /**
   * The report as JSON shaped like a Great Expectations validation result: {@code success}, {@code
   * statistics}, {@code results: [{expectation_config, success, result: {observed_value,
   * unexpected_count, unexpected_percent, partial_unexpected_list,
   * partial_unexpected_index_list}}]} and {@code meta}. The index list holds line numbers.
   */
  public String toJson() {
    return ReportRenderer.json(this);
  }
}
