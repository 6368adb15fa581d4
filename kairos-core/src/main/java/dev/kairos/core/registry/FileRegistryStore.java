package dev.kairos.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.spi.RegistryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A registry in a local folder: {@code versions/v000001.json}, … and {@code metadata/NS.json}.
 * Every file is written to a temporary file and atomically renamed, so readers never see partial
 * files and need no lock. Writers hold an OS file lock on {@code registry.lock} (other processes)
 * and a lock per folder (other threads of this JVM, for which OS locks do not exclude each other).
 */
public final class FileRegistryStore implements RegistryStore {
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d{6,})\\.json");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Path versions;
  private final Path metadata;
  private final ReentrantLock jvmLock;

  private FileRegistryStore(Path dir) {
    this.dir = dir;
    this.versions = dir.resolve("versions");
    this.metadata = dir.resolve("metadata");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
  }

  /** Opens (creating when missing) the registry folder {@code dir}. */
  public static FileRegistryStore open(Path dir) {
    try {
      Files.createDirectories(dir.resolve("versions"));
      Files.createDirectories(dir.resolve("metadata"));
      return new FileRegistryStore(dir.toRealPath());
    } catch (IOException e) {
      throw KairosException.unavailable("cannot create the registry folder " + dir + ": " + e, e);
    }
  }

  /** The registry folder. */
  public Path dir() {
    return dir;
  }

  @Override
  public Optional<RegistryVersion> latest() {
    long n = latestNumber();
    return n == 0 ? Optional.empty() : Optional.of(readVersion(n));
  }

  @Override
  public List<RegistryVersion> history() {
    List<RegistryVersion> out = new ArrayList<>();
    for (long n : versionNumbers()) {
      out.add(readVersion(n));
    }
    return out;
  }

  @Override
  public RegistryVersion commit(long expectedLatest, String content, String summary, Instant at) {
    return locked(
        () -> {
          long latest = latestNumber();
          if (latest != expectedLatest) {
            throw new KairosException(
                ErrorKind.CONFLICT,
                "registry changed concurrently: expected latest version "
                    + expectedLatest
                    + " but it is "
                    + latest
                    + "; plan again and retry");
          }
          RegistryVersion v = new RegistryVersion(latest + 1, at, content, summary);
          ObjectNode n = DefinitionsJson.MAPPER.createObjectNode();
          n.put("version", v.version()).put("applied_at", at.toString()).put("summary", summary);
          n.put("content", content);
          writeAtomically(versions.resolve(fileName(v.version())), n.toPrettyString() + "\n");
          return v;
        });
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    return Optional.ofNullable(list(namespace).get(key));
  }

  @Override
  public void put(String namespace, String key, String value) {
    Path file = namespaceFile(namespace);
    locked(
        () -> {
          Map<String, String> values = list(namespace);
          values.put(key, value);
          ObjectNode n = DefinitionsJson.MAPPER.createObjectNode();
          values.forEach(n::put);
          writeAtomically(file, n.toPrettyString() + "\n");
          return null;
        });
  }

  @Override
  public boolean putIfAbsent(String namespace, String key, String value) {
    Path file = namespaceFile(namespace);
    return locked(
        () -> {
          Map<String, String> values = list(namespace);
          if (values.putIfAbsent(key, value) != null) {
            return false;
          }
          ObjectNode n = DefinitionsJson.MAPPER.createObjectNode();
          values.forEach(n::put);
          writeAtomically(file, n.toPrettyString() + "\n");
          return true;
        });
  }

  @Override
  public Map<String, String> list(String namespace) {
    Map<String, String> out = new TreeMap<>();
    try {
      JsonNode n = DefinitionsJson.MAPPER.readTree(Files.readString(namespaceFile(namespace)));
      n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw KairosException.unavailable(
          "cannot read registry metadata " + namespaceFile(namespace) + ": " + e, e);
    }
    return out;
  }

  @Override
  public void close() {
    // Nothing is held open between calls.
  }

  private Path namespaceFile(String namespace) {
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw KairosException.user(
          "invalid registry metadata namespace '"
              + namespace
              + "'; use letters, digits, '.', '_' and '-'");
    }
    return metadata.resolve(namespace + ".json");
  }

  private <T> T locked(Supplier<T> action) {
    jvmLock.lock();
    try (FileChannel ch =
            FileChannel.open(
                dir.resolve("registry.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      return action.get();
    } catch (IOException e) {
      throw KairosException.unavailable("cannot lock the registry folder " + dir + ": " + e, e);
    } finally {
      jvmLock.unlock();
    }
  }

  private void writeAtomically(Path target, String text) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".json");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
          ch.force(true);
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw KairosException.unavailable("cannot write " + target + ": " + e, e);
    }
  }

  private RegistryVersion readVersion(long n) {
    Path file = versions.resolve(fileName(n));
    try {
      JsonNode j = DefinitionsJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return new RegistryVersion(
          j.get("version").asLong(),
          Instant.parse(j.get("applied_at").asText()),
          j.get("content").asText(),
          j.get("summary").asText());
    } catch (IOException | RuntimeException e) {
      throw KairosException.internal(
          "registry version file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  private long latestNumber() {
    List<Long> all = versionNumbers();
    return all.isEmpty() ? 0 : all.get(all.size() - 1);
  }

  private List<Long> versionNumbers() {
    try (Stream<Path> files = Files.list(versions)) {
      return files
          .map(p -> VERSION_FILE.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Long.parseLong(m.group(1)))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw KairosException.unavailable(
          "cannot list registry versions in " + versions + ": " + e, e);
    }
  }

  private static String fileName(long version) {
    return String.format("v%06d.json", version);
  }
}
