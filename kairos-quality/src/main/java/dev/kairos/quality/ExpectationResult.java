package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of one expectation over one batch, shaped like Great Expectations' validation result.
 * Counts are null for expectations that look at the table or an aggregate rather than at each row.
 *
 * @param observedValue what was measured (a count, a mean, the column list, the newest timestamp…)
 * @param elementCount rows examined
 * @param missingCount rows whose value was missing (null or empty)
 * @param unexpectedCount rows that failed; for all but not-null, among the non-missing rows
 * @param unexpectedPercent {@code unexpectedCount} as a percentage of non-missing rows (of all rows
 *     for not-null), as Great Expectations computes it
 * @param examples up to {@link #MAX_EXAMPLES} failing rows, in file order
 * @param details a sentence explaining a failure that counts alone do not (missing column, stale
 *     data), or null
 */
public record ExpectationResult(
    ExpectationConfig config,
    boolean success,
    Object observedValue,
    Long elementCount,
    Long missingCount,
    Long unexpectedCount,
    Double unexpectedPercent,
    List<UnexpectedRow> examples,
    String details) {

  /** How many failing rows a result keeps. */
  public static final int MAX_EXAMPLES = 20;

  public ExpectationResult {
    requireNonNull(config, "config");
    examples = List.copyOf(examples);
  }
}
