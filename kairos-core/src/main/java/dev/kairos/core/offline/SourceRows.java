package dev.kairos.core.offline;

import dev.kairos.api.Definitions;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.core.io.TabularReader;
import dev.kairos.core.io.TabularRecord;
import dev.kairos.core.io.ValueText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads a CSV or Parquet file as rows of a source: what {@code kairos ingest} loads and {@code
 * kairos replay} sends.
 *
 * <p>The header must name exactly the source's fields (in any order; missing and extra columns are
 * named). Rows come out in file order, one value per source field in field order, converted to the
 * fields' types ({@link ValueText#convert}); empty CSV fields are null; the event timestamp is
 * required.
 */
public final class SourceRows {
  private SourceRows() {}

  /**
   * Checks the header at once and returns the rows, converted lazily as the iterator advances.
   * Conversion problems are collected with file, line and field; once the file ends, or {@code
   * maxErrors} problems were seen, the iterator throws them all in one USER error, so a consumer
   * that writes in one transaction writes nothing.
   *
   * @throws KairosException USER for an empty file or a header that does not match the source
   */
  public static Iterator<Object[]> read(Source source, TabularReader reader, int maxErrors) {
    return new ConvertingIterator(source, reader, mapHeader(source, reader), maxErrors);
  }

  private static int[] mapHeader(Source source, TabularReader reader) {
    String name = reader.file().getFileName().toString();
    List<String> header = reader.header();
    if (header.isEmpty()) {
      throw KairosException.user(
          name
              + ": the file is empty; expected a header line with the columns of source '"
              + source.name()
              + "': "
              + Definitions.names(source.fields(), Field::name));
    }
    List<String> missing = new ArrayList<>();
    int[] columnOf = new int[source.fields().size()];
    for (int i = 0; i < columnOf.length; i++) {
      columnOf[i] = header.indexOf(source.fields().get(i).name());
      if (columnOf[i] < 0) {
        missing.add(source.fields().get(i).name());
      }
    }
    List<String> extra = new ArrayList<>();
    for (String h : header) {
      if (source.field(h).isEmpty()) {
        extra.add(h);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      StringBuilder msg =
          new StringBuilder(name + ": header does not match source '" + source.name() + "':");
      if (!missing.isEmpty()) {
        msg.append(" missing column(s) ").append(String.join(", ", missing)).append(';');
      }
      if (!extra.isEmpty()) {
        msg.append(" unknown column(s) ").append(String.join(", ", extra)).append(';');
      }
      msg.append(" expected: ").append(Definitions.names(source.fields(), Field::name));
      throw KairosException.user(msg.toString());
    }
    return columnOf;
  }

  /**
   * Converts records to rows for the store. Bad rows are collected, not returned; when the input
   * ends (or too many errors were seen) with any error, it throws, which makes the store roll back.
   */
  private static final class ConvertingIterator implements Iterator<Object[]> {
    private final Source source;
    private final TabularReader reader;
    private final int[] columnOf;
    private final List<String> errors = new ArrayList<>();
    private final int maxErrors;
    private Object[] next;

    ConvertingIterator(Source source, TabularReader reader, int[] columnOf, int maxErrors) {
      this.maxErrors = maxErrors;
      this.source = source;
      this.reader = reader;
      this.columnOf = columnOf;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        TabularRecord rec = errors.size() >= maxErrors ? null : reader.next();
        if (rec == null) {
          if (!errors.isEmpty()) {
            throw failure();
          }
          return false;
        }
        next = convert(rec);
      }
      return true;
    }

    private Object[] convert(TabularRecord rec) {
      List<Field> fields = source.fields();
      Object[] row = new Object[fields.size()];
      boolean ok = true;
      for (int i = 0; i < row.length; i++) {
        Field f = fields.get(i);
        try {
          row[i] = ValueText.convert(rec.get(columnOf[i]), f.type());
          if (row[i] == null && f.name().equals(source.timestampField())) {
            throw new IllegalArgumentException("the event timestamp is required");
          }
        } catch (IllegalArgumentException e) {
          ok = false;
          errors.add(rec.location() + ": field '" + f.name() + "': " + e.getMessage());
          if (errors.size() >= maxErrors) {
            break;
          }
        }
      }
      return ok ? row : null;
    }

    private KairosException failure() {
      String file = reader.file().getFileName().toString();
      StringBuilder msg =
          new StringBuilder("cannot load ")
              .append(file)
              .append(" into source '")
              .append(source.name())
              .append("'; nothing was written. ")
              .append(errors.size() >= maxErrors ? "First " + maxErrors + " errors:" : "Errors:");
      errors.forEach(e -> msg.append("\n  ").append(e));
      return KairosException.user(msg.toString());
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object[] row = next;
      next = null;
      return row;
    }
  }
}
