package dev.kairos.core.offline;

/**
 * A check every file must pass before {@link Ingestor} loads it, such as the data-quality gate.
 * Gates are found with {@link java.util.ServiceLoader} (register the implementation in {@code
 * META-INF/services/dev.kairos.core.offline.IngestGate}) and run in class-path order before a
 * single row is written.
 *
 * <p>A gate may read the file itself (for example with {@link dev.kairos.core.io.TabularReader}).
 */
public interface IngestGate {

  /**
   * Admits or rejects a batch.
   *
   * @throws dev.kairos.api.KairosException of kind USER whose message is the report shown to the
   *     user, to reject the batch; nothing is written then
   */
  void admit(IngestBatch batch);
}
