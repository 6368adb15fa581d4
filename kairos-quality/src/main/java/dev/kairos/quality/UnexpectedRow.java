package dev.kairos.quality;

/**
 * A row that failed an expectation.
 *
 * @param line the 1-based physical line where a CSV row starts (the header is line 1), or the
 *     1-based row number in a Parquet file
 * @param value the offending value; for expectations over several columns, the list of values
 */
public record UnexpectedRow(long line, Object value) {}
