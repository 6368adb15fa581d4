package dev.kairos.core.online;

import dev.kairos.spi.RegistryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A registry in memory with metadata only (the materializer's watermarks), and no versions. */
final class WatermarkRegistry implements RegistryStore {
  private final Map<String, Map<String, String>> meta = new ConcurrentHashMap<>();

  @Override
  public Optional<RegistryVersion> latest() {
    return Optional.empty();
  }

  @Override
  public List<RegistryVersion> history() {
    return List.of();
  }

  @Override
  public RegistryVersion commit(long expectedLatest, String content, String summary, Instant at) {
    throw new UnsupportedOperationException("metadata only");
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    return Optional.ofNullable(meta.getOrDefault(namespace, Map.of()).get(key));
  }

  @Override
  public void put(String namespace, String key, String value) {
    meta.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value);
  }

  @Override
  public boolean putIfAbsent(String namespace, String key, String value) {
    return meta.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).putIfAbsent(key, value)
        == null;
  }

  @Override
  public Map<String, String> list(String namespace) {
    return Map.copyOf(new TreeMap<>(meta.getOrDefault(namespace, Map.of())));
  }

  @Override
  public void close() {}
}
