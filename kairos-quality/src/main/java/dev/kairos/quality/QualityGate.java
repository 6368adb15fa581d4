package dev.kairos.quality;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.offline.IngestBatch;
import dev.kairos.core.offline.IngestGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The data-quality gate: before a file is ingested into a source that declares {@code validation:
 * suites/x.json}, runs that suite over the whole file. Every run is recorded in the registry
 * (namespace {@value #REGISTRY_NAMESPACE}, key {@code <source>/<run time>}, value the JSON report).
 *
 * <p>When any expectation fails, or the file cannot be read (ragged row, invalid UTF-8, empty or
 * header-only file), the batch is rejected whole: the file and its report ({@code .report.txt},
 * {@code .report.json}) are copied to {@code <quarantine>/<source>/<run time>-<file name>} and a
 * USER error (exit code 2) carries the text report. Sources without a suite are admitted as they
 * are.
 *
 * <p>The quarantine folder defaults to {@code <repo>/data/quarantine}; the constructor or the
 * system property {@value #QUARANTINE_PROPERTY} (resolved against the repository when relative)
 * changes it.
 */
public final class QualityGate implements IngestGate {
  /** Registry namespace of validation results. */
  public static final String REGISTRY_NAMESPACE = "validation";

  /**
   * System property naming the quarantine folder for the instance {@link java.util.ServiceLoader}
   * creates.
   */
  public static final String QUARANTINE_PROPERTY = "kairos.quarantine.dir";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Path quarantine;

  /**
   * The instance ServiceLoader creates: system clock, quarantine from {@value
   * #QUARANTINE_PROPERTY}.
   */
  public QualityGate() {
    this(Clock.systemUTC(), propertyPath());
  }

  /**
   * @param clock "now" for freshness rules and run times
   * @param quarantine where rejected files go, resolved against the repository when relative; null
   *     for {@code data/quarantine}
   */
  public QualityGate(Clock clock, Path quarantine) {
    this.clock = requireNonNull(clock, "clock");
    this.quarantine = quarantine;
  }

  private static Path propertyPath() {
    String p = System.getProperty(QUARANTINE_PROPERTY);
    return p == null || p.isBlank() ? null : Path.of(p);
  }

  @Override
  public void admit(IngestBatch batch) {
    Source source = batch.source();
    if (source.validation() == null) {
      return;
    }
    if (!Files.isRegularFile(batch.file())) {
      throw KairosException.user(batch.file() + ": no such file");
    }
    ExpectationSuite suite = readSuite(batch.repoDir(), source);
    ValidationReport report = new Validator(clock).validate(suite, Batch.of(batch.file()));
    record(batch.registry(), source.name(), report);
    if (!report.success()) {
      Path kept = quarantine(batch, report);
      throw KairosException.user(
          report.toText()
              + "\nBatch rejected: nothing was written to source '"
              + source.name()
              + "'. The file and this report were kept as "
              + display(batch.repoDir(), kept)
              + "\n");
    }
  }

  /**
   * Reads the suite a source declares.
   *
   * @throws KairosException USER naming the source when the suite is missing or invalid
   */
  public static ExpectationSuite readSuite(Path repoDir, Source source) {
    Path file = repoDir.resolve(source.validation());
    if (!Files.isRegularFile(file)) {
      throw KairosException.user(
          "source '"
              + source.name()
              + "' declares validation: "
              + source.validation()
              + ", but "
              + file
              + " does not exist; create the suite (kairos profile FILE --output "
              + source.validation()
              + ") or fix the path");
    }
    try {
      // Named as the definitions name it, so reports read the same on every machine.
      return ExpectationSuite.parse(
          Files.readString(file, StandardCharsets.UTF_8), source.validation());
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER, "cannot read expectation suite " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stores a run's JSON report under {@code validation/<prefix>/<run time>}. */
  public static void record(
      dev.kairos.spi.RegistryStore registry, String prefix, ValidationReport report) {
    registry.put(REGISTRY_NAMESPACE, prefix + "/" + report.runAt(), report.toJson());
  }

  private Path quarantine(IngestBatch batch, ValidationReport report) {
    Path root = quarantine == null ? Path.of("data", "quarantine") : quarantine;
    Path dir = batch.repoDir().resolve(root).resolve(batch.source().name());
    String base = STAMP.format(report.runAt()) + "-" + batch.file().getFileName();
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(base);
      for (int n = 1; ; n++) {
        try {
          Files.copy(batch.file(), target);
          break;
        } catch (FileAlreadyExistsException e) {
          target = dir.resolve(base.replaceFirst("Z-", "Z-" + n + "-"));
        }
      }
      Files.writeString(sibling(target, ".report.txt"), report.toText(), StandardCharsets.UTF_8);
      Files.writeString(sibling(target, ".report.json"), report.toJson(), StandardCharsets.UTF_8);
      return target;
    } catch (IOException e) {
      throw new KairosException(
          ErrorKind.USER,
          report.toText()
              + "\nBatch rejected: nothing was written, but the file could not be quarantined in "
              + dir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static String display(Path repo, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path r = repo.toAbsolutePath().normalize();
    return abs.startsWith(r) ? r.relativize(abs).toString() : abs.toString();
  }
}
