package dev.kairos.spi;

import dev.kairos.api.Source;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A warehouse of timestamped source rows that answers point-in-time queries. Joins and "latest per
 * key" run inside the store's engine as SQL; rows are never pulled into Java to be joined.
 *
 * <p>Every table gets a hidden ingestion sequence: among rows with equal event and created
 * timestamps, the row with the greatest sequence counts as ingested last and wins. {@link #append}
 * assigns sequences below {@link #STREAMED_SEQ_BASE}, each greater than every earlier one of that
 * range; {@link #appendSequenced} writes caller-given sequences at or above it.
 *
 * <p>Implementations are thread-safe for concurrent reads; writes to one source are serialized.
 */
public interface OfflineStore extends AutoCloseable {

  /** Creates the source's table and supporting indexes when missing. Idempotent. */
  void ensureTable(Source source);

  /**
   * Appends rows to the source's table in one transaction: on any failure nothing is written.
   *
   * @param rows each row holds the source's fields in declaration order, as Java values of their
   *     types (see {@link dev.kairos.api.ValueType}); null for a missing value
   * @return the number of rows written
   */
  long append(Source source, Iterator<Object[]> rows);

  /**
   * The first sequence of the range reserved for caller-given sequences, {@code 2^62}: {@link
   * #appendSequenced} accepts only sequences {@code >= STREAMED_SEQ_BASE} and {@link #append} only
   * assigns sequences below it, so the two never collide. {@link StreamedSeq} maps a Kafka
   * partition and offset into this range.
   */
  long STREAMED_SEQ_BASE = 1L << 62;

  /**
   * Appends rows with caller-given ingestion sequences, idempotently: a row whose sequence the
   * source's table already holds is skipped, and so is a row whose sequence appeared earlier in the
   * same call (the first one wins). Replaying a batch after a crash therefore writes only the rows
   * the first attempt did not commit, and a fully replayed batch writes nothing.
   *
   * <p>All rows are written in one transaction: on any failure (a value that is not of its field's
   * type, a row of the wrong length, the store being unreachable) nothing is written. Values are
   * encoded exactly as by {@link #append}.
   *
   * <p>A sequence identifies the row everywhere downstream (for example {@link EventRow#seq()}), so
   * it must be deterministic from the row's origin (see {@link StreamedSeq}). Since every
   * caller-given sequence is at least {@link #STREAMED_SEQ_BASE}, among rows with identical event
   * and created timestamps a row appended here counts as ingested after every row written by {@link
   * #append}, whenever either was written.
   *
   * <p>Meant to be called many times per second with batches of hundreds to thousands of rows: a
   * store checks for existing sequences within the batch's range of sequences, not the whole table.
   *
   * @param rows each row holds the source's fields in declaration order, as for {@link #append}
   * @param seqs one sequence per row, in the same order; each {@code >= STREAMED_SEQ_BASE}
   * @return the number of rows actually written (0 when every sequence was already present)
   * @throws IllegalArgumentException when {@code seqs} and {@code rows} differ in length or a
   *     sequence is below {@link #STREAMED_SEQ_BASE}; nothing is written
   * @throws dev.kairos.api.KairosException USER when a row does not match the source's fields,
   *     UNAVAILABLE or INTERNAL when the store fails; nothing is written
   * @throws UnsupportedOperationException when the store does not support sequenced appends
   */
  default long appendSequenced(Source source, List<Object[]> rows, long[] seqs) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not support sequenced appends");
  }

  /**
   * Checks the arguments of {@link #appendSequenced}: as many sequences as rows, each at least
   * {@link #STREAMED_SEQ_BASE}.
   *
   * @throws IllegalArgumentException naming the first offending sequence and its index
   */
  static void checkSequenced(List<Object[]> rows, long[] seqs) {
    if (rows.size() != seqs.length) {
      throw new IllegalArgumentException(
          rows.size() + " rows but " + seqs.length + " sequences; give one sequence per row");
    }
    for (int i = 0; i < seqs.length; i++) {
      if (seqs[i] < STREAMED_SEQ_BASE) {
        throw new IllegalArgumentException(
            "sequence "
                + seqs[i]
                + " of row "
                + (i + 1)
                + " is below STREAMED_SEQ_BASE ("
                + STREAMED_SEQ_BASE
                + "); caller-given sequences must come from StreamedSeq");
      }
    }
  }

  /** Number of rows in the source's table (0 when it does not exist). */
  long count(Source source);

  /**
   * Builds a point-in-time correct training set: for every entity row exactly one output row, in
   * input order, holding the entity row's columns then {@link HistoricalQuery#outputs()} in order.
   * The semantics are those of {@link HistoricalQuery}.
   *
   * @param entityRows values for {@link HistoricalQuery#entityColumns()}, in that order
   * @param out receives output rows in input order, each a fresh array that {@code out} may keep (a
   *     caller may write them on another thread)
   */
  void historical(HistoricalQuery query, Iterator<Object[]> entityRows, Consumer<Object[]> out);

  /**
   * Streams, for every entity key of the view, its latest source row with {@code start <= event <=
   * end} (ties broken as in {@link HistoricalQuery}), in batches of at most {@code batchSize}. Each
   * batch is a new list that {@code out} owns: it may keep it or hand it to another thread.
   */
  void latest(LatestQuery query, int batchSize, Consumer<List<OnlineRow>> out);

  /**
   * Streams the events of {@link EventQuery}, ordered by entity key then event time, in batches of
   * about {@code batchSize}; a batch never splits one entity's events, so a consumer can merge each
   * entity's events into its state once per batch. Each batch is a new list that {@code out} owns.
   */
  void events(EventQuery query, int batchSize, Consumer<List<EventRow>> out);

  /**
   * SQL-level access to the store's engine, for features that build their own tables or views over
   * the source tables (analytics); empty when the store does not speak SQL. The default is empty,
   * so stores without SQL need not do anything.
   */
  default Optional<SqlAccess> sql() {
    return Optional.empty();
  }

  /** Checks the store can be reached; throws an UNAVAILABLE KairosException when not. */
  default void checkAvailable() {}

  @Override
  void close();
}
