package dev.kairos.spi;

import dev.kairos.api.Source;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A warehouse of timestamped source rows that answers point-in-time queries. Joins and "latest per
 * key" run inside the store's engine as SQL; rows are never pulled into Java to be joined.
 *
 * <p>Every table gets a hidden, store-assigned ingestion sequence: among rows with equal event and
 * created timestamps, the row ingested last wins.
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

  /** Checks the store can be reached; throws an UNAVAILABLE KairosException when not. */
  default void checkAvailable() {}

  @Override
  void close();
}
