package dev.kairos.core.io;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class CsvWriter implements TabularWriter {
  private final Path file;
  private final BufferedWriter out;
  private final int width;
  private long rows;

  private CsvWriter(Path file, BufferedWriter out, int width) {
    this.file = file;
    this.out = out;
    this.width = width;
  }

  static CsvWriter create(Path file, List<Field> columns) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      CsvWriter w =
          new CsvWriter(
              file, Files.newBufferedWriter(file, StandardCharsets.UTF_8), columns.size());
      Object[] names = columns.stream().map(Field::name).toArray();
      w.line(names);
      return w;
    } catch (IOException | UncheckedIOException e) {
      throw new KairosException(ErrorKind.USER, file + ": cannot write: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(Object[] row) {
    if (row.length != width) {
      throw new IllegalArgumentException("row has " + row.length + " values, expected " + width);
    }
    line(row);
    rows++;
  }

  private void line(Object[] row) {
    try {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        String text = ValueText.format(row[i]);
        if (text != null) {
          out.write(quote(text));
        }
      }
      out.write('\n');
    } catch (IOException e) {
      throw new KairosException(ErrorKind.USER, file + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** Quotes a field when a reader would otherwise misread it. */
  static String quote(String text) {
    if (!text.isEmpty()
        && text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new KairosException(ErrorKind.USER, file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
