package dev.kairos.core.generate;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Writes generated transactions to a file whose extension picks the format.
 *
 * <ul>
 *   <li>{@code .csv}: a header row with the {@link FraudGenerator#SCHEMA} names, then one row per
 *       transaction; timestamps ISO-8601 UTC with whole seconds ({@code 2026-01-01T10:00:00Z}),
 *       amounts with a {@code .} and two decimals, {@code is_fraud} 0 or 1, nothing quoted.
 *   <li>{@code .parquet}: the same rows and order, typed VARCHAR, BIGINT, BIGINT, VARCHAR, DOUBLE,
 *       VARCHAR, VARCHAR, VARCHAR, TIMESTAMPTZ (UTC instants, microseconds), TIMESTAMPTZ, INTEGER;
 *       zstd-compressed, written by DuckDB.
 * </ul>
 *
 * Missing parent folders are created; an existing file is replaced.
 */
public final class GeneratorOutput {
  private GeneratorOutput() {}

  /** Writes {@code config}'s transactions to {@code file} (.csv or .parquet). */
  public static GenerationSummary write(GeneratorConfig config, Path file) {
    return write(config, file, ProgressListener.NONE);
  }

  /**
   * Like {@link #write(GeneratorConfig, Path)}, reporting generated rows to {@code progress}.
   *
   * @throws KairosException USER for an unknown extension or a file that cannot be written
   */
  public static GenerationSummary write(
      GeneratorConfig config, Path file, ProgressListener progress) {
    requireNonNull(config, "config");
    requireNonNull(file, "file");
    requireNonNull(progress, "progress");
    String extension = extension(file);
    if (extension.equals(".csv")) {
      return writeCsv(new FraudGenerator(config), file, progress);
    }
    if (extension.equals(".parquet")) {
      return writeParquet(new FraudGenerator(config), file, progress);
    }
    throw KairosException.user(
        "Cannot write "
            + file
            + ": "
            + (extension.isEmpty() ? "it has no extension" : "unknown extension " + extension)
            + "; use .csv or .parquet");
  }

  private static String extension(Path file) {
    Path name = file.getFileName();
    String text = name == null ? "" : name.toString();
    int dot = text.lastIndexOf('.');
    return dot <= 0 ? "" : text.substring(dot).toLowerCase(Locale.ROOT);
  }

  private static GenerationSummary writeCsv(
      FraudGenerator generator, Path file, ProgressListener progress) {
    createParent(file);
    try (OutputStream out = Files.newOutputStream(file)) {
      CsvRowWriter writer = new CsvRowWriter(out, generator.world());
      writer.header();
      generator.run(writer, progress);
      writer.flush();
      return new GenerationSummary(file, writer.rows(), writer.fraudRows());
    } catch (IOException e) {
      deleteQuietly(file);
      throw cannotWrite(file, e);
    }
  }

  /** Via a CSV next to the target: DuckDB's parallel CSV reader beats row-by-row appending. */
  private static GenerationSummary writeParquet(
      FraudGenerator generator, Path file, ProgressListener progress) {
    createParent(file);
    Path csv;
    try {
      csv = Files.createTempFile(file.toAbsolutePath().getParent(), ".kairos-generate-", ".csv");
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
    try {
      GenerationSummary fromCsv = writeCsv(generator, csv, progress);
      Files.deleteIfExists(file);
      copyToParquet(csv, file);
      return new GenerationSummary(file, fromCsv.rows(), fromCsv.fraudRows());
    } catch (IOException e) {
      throw cannotWrite(file, e);
    } finally {
      deleteQuietly(csv);
    }
  }

  private static void copyToParquet(Path csv, Path file) {
    StringJoiner columns = new StringJoiner(", ", "{", "}");
    for (var field : FraudGenerator.SCHEMA) {
      columns.add(quote(field.name()) + ": " + quote(duckDbType(field.type())));
    }
    String sql =
        "COPY (SELECT * FROM read_csv("
            + quote(csv.toAbsolutePath().toString())
            + ", header = true, delim = ',', quote = '', auto_detect = false, columns = "
            + columns
            + ")) TO "
            + quote(file.toAbsolutePath().toString())
            + " (FORMAT parquet, COMPRESSION zstd)";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      deleteQuietly(file);
      throw new KairosException(
          ErrorKind.INTERNAL,
          "DuckDB could not write Parquet file " + file + ": " + e.getMessage(),
          e);
    }
  }

  private static String duckDbType(ValueType type) {
    switch (type) {
      case STRING:
        return "VARCHAR";
      case INT64:
        return "BIGINT";
      case INT32:
        return "INTEGER";
      case DOUBLE:
        return "DOUBLE";
      case TIMESTAMP:
        return "TIMESTAMPTZ";
      default:
        throw new IllegalStateException("the generator schema has no " + type + " column");
    }
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private static KairosException cannotWrite(Path file, IOException e) {
    return new KairosException(
        ErrorKind.USER,
        "Cannot write " + file + ": " + e + "; choose a path in a writable folder",
        e);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The original failure matters more than a leftover file.
    }
  }
}
