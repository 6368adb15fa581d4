package dev.kairos.quality;

import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A registry held in memory, enough for the gate's metadata writes. */
final class MemoryRegistry implements RegistryStore {
  private final List<RegistryVersion> versions = new ArrayList<>();
  private final Map<String, TreeMap<String, String>> meta = new TreeMap<>();

  @Override
  public Optional<RegistryVersion> latest() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  @Override
  public List<RegistryVersion> history() {
    return List.copyOf(versions);
  }

  @Override
  public RegistryVersion commit(long expectedLatest, String content, String summary, Instant at) {
    if (expectedLatest != versions.size()) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.CONFLICT, "registry moved to version " + versions.size());
    }
    RegistryVersion v = new RegistryVersion(expectedLatest + 1, at, content, summary);
    versions.add(v);
    return v;
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    return Optional.ofNullable(meta.getOrDefault(namespace, new TreeMap<>()).get(key));
  }

  @Override
  public void put(String namespace, String key, String value) {
    meta.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
  }

  @Override
  public boolean putIfAbsent(String namespace, String key, String value) {
    return meta.computeIfAbsent(namespace, n -> new TreeMap<>()).putIfAbsent(key, value) == null;
  }

  @Override
  public Map<String, String> list(String namespace) {
    return Map.copyOf(meta.getOrDefault(namespace, new TreeMap<>()));
  }

  @Override
  public void close() {}
}
