package dev.kairos.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of registry versions and small metadata (materialization watermarks, validation
 * results). Versions are numbered 1, 2, 3…; a commit is atomic and compare-and-set on the latest
 * version number, so concurrent applies cannot interleave.
 */
public interface RegistryStore extends AutoCloseable {

  /** The newest version, if any was committed. */
  Optional<RegistryVersion> latest();

  /** Every version, oldest first. */
  List<RegistryVersion> history();

  /**
   * Stores a new version numbered {@code expectedLatest + 1}.
   *
   * @param expectedLatest the version the caller planned against (0 when there is none)
   * @throws dev.kairos.api.KairosException CONFLICT when another commit happened since
   */
  RegistryVersion commit(long expectedLatest, String content, String summary, Instant at);

  /** Reads a metadata value. */
  Optional<String> get(String namespace, String key);

  /** Writes a metadata value durably, replacing any previous one. */
  void put(String namespace, String key, String value);

  /**
   * Writes a metadata value only when the key has none, atomically with respect to every other
   * writer of the store (processes included): of two concurrent calls for one key, exactly one
   * returns true. Used to number things (model versions) without a lost update.
   *
   * @return true when this call stored the value, false when the key already had one
   */
  boolean putIfAbsent(String namespace, String key, String value);

  /** Every key and value in a namespace, sorted by key. */
  Map<String, String> list(String namespace);

  @Override
  void close();

  /** One stored registry version; {@code content} is the serialized definitions. */
  record RegistryVersion(long version, Instant appliedAt, String content, String summary) {}
}
