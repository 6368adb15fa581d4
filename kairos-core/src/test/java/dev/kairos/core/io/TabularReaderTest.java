package dev.kairos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularReaderTest {
  @TempDir Path dir;

  private Path csv(String name, byte[] content) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  private Path csv(String content) throws Exception {
    return csv("t.csv", content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<TabularRecord> readAll(TabularReader r) {
    List<TabularRecord> out = new ArrayList<>();
    for (TabularRecord rec = r.next(); rec != null; rec = r.next()) {
      out.add(rec);
    }
    return out;
  }

  @Test
  void csv_readsQuotedCommasNewlinesAndQuotes_withLineNumbers() throws Exception {
    Path p = csv("id,text\r\n1,\"a,b\"\r\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n4,plain\n");
    try (TabularReader r = TabularReader.open(p)) {
      assertThat(r.header()).containsExactly("id", "text");
      List<TabularRecord> rows = readAll(r);
      assertThat(rows)
          .extracting(rec -> rec.get(1))
          .containsExactly("a,b", "line1\nline2", "say \"hi\"", "plain");
      assertThat(rows).extracting(TabularRecord::line).containsExactly(2L, 3L, 5L, 6L);
      assertThat(rows.get(3).location()).isEqualTo("t.csv:6");
    }
  }

  @Test
  void csv_readsEveryFieldExactly_acrossBufferBoundaries_withMultiByteText() throws Exception {
    java.util.Random random = new java.util.Random(11);
    List<List<String>> expected = new java.util.ArrayList<>();
    StringBuilder text = new StringBuilder("a,b,c\n");
    String[] pieces = {"x", "é", "日本", ",", "\"", "\n", "0123456789", "ü-ß"};
    while (text.length() < 400_000) {
      List<String> row = new java.util.ArrayList<>();
      for (int f = 0; f < 3; f++) {
        StringBuilder v = new StringBuilder();
        int len = random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(12);
        while (v.length() < len) {
          v.append(pieces[random.nextInt(pieces.length)]);
        }
        String value = v.toString();
        row.add(value.isEmpty() ? null : value);
        text.append(f > 0 ? "," : "").append(value.isEmpty() ? "" : CsvWriter.quote(value));
      }
      text.append(random.nextBoolean() ? "\n" : "\r\n");
      expected.add(row);
    }
    Path file = dir.resolve("big.csv");
    Files.writeString(file, text);
    List<List<Object>> actual = new java.util.ArrayList<>();
    try (TabularReader r = TabularReader.open(file)) {
      for (TabularRecord rec = r.next(); rec != null; rec = r.next()) {
        actual.add(rec.values());
      }
    }
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("row %d", i + 1).isEqualTo(expected.get(i));
    }
  }

  @Test
  void csv_skipsBom_andReadsEmptyUnquotedAsNull_butQuotedEmptyAsEmptyString() throws Exception {
    byte[] body = "a,b\n,\"\"\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    try (TabularReader r = TabularReader.open(csv("bom.csv", withBom))) {
      assertThat(r.header()).containsExactly("a", "b");
      assertThat(readAll(r).get(0).values()).containsExactly(null, "");
    }
  }

  @Test
  void csv_reportsInvalidUtf8_withLineNumber() throws Exception {
    byte[] bad = "a\nok\n\u00e9t\u00e9\nx".getBytes(StandardCharsets.UTF_8);
    byte[] content = Arrays.copyOf(bad, bad.length);
    content[5] = (byte) 0xC3;
    content[6] = (byte) 0x28;
    try (TabularReader r = TabularReader.open(csv("bad.csv", content))) {
      r.next();
      assertThatThrownBy(r::next)
          .isInstanceOf(KairosException.class)
          .hasMessage("bad.csv:3: invalid UTF-8; save the file as UTF-8");
    }
  }

  @Test
  void csv_reportsRaggedRow_withLineNumber() throws Exception {
    try (TabularReader r = TabularReader.open(csv("a,b\n1,2\n1,2,3\n"))) {
      r.next();
      assertThatThrownBy(r::next)
          .hasMessage("t.csv:3: expected 2 fields as in the header but found 3");
    }
  }

  @Test
  void csv_reportsUnclosedQuote_atItsStartLine() throws Exception {
    try (TabularReader r = TabularReader.open(csv("a\n\"open\nstill\n"))) {
      assertThatThrownBy(r::next)
          .hasMessage("t.csv:2: quoted field is never closed (missing '\"')");
    }
  }

  @Test
  void csv_emptyFileHasNoHeaderAndNoRows_headerOnlyHasNoRows() throws Exception {
    try (TabularReader r = TabularReader.open(csv(""))) {
      assertThat(r.header()).isEmpty();
      assertThat(r.next()).isNull();
    }
    try (TabularReader r = TabularReader.open(csv("a,b\r\n"))) {
      assertThat(r.header()).containsExactly("a", "b");
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void csv_rejectsDuplicateHeaderColumn() throws Exception {
    assertThatThrownBy(() -> TabularReader.open(csv("a,b,a\n")))
        .hasMessage("t.csv:1: column 'a' appears twice in the header");
  }

  @Test
  void open_rejectsUnknownExtension() throws Exception {
    Path p = csv("x.txt", new byte[0]);
    assertThatThrownBy(() -> TabularReader.open(p))
        .hasMessage(p + ": unsupported file type; use a .csv or .parquet file");
  }

  @Test
  void csvWriter_roundTripsEveryTypeThroughTheReader() throws Exception {
    List<Field> cols =
        List.of(
            new Field("s", ValueType.STRING),
            new Field("t", ValueType.TIMESTAMP),
            new Field("l", ValueType.STRING_LIST),
            new Field("d", ValueType.DOUBLE));
    Object[] row = {"a,\"b\"\nc", Instant.parse("2026-01-01T10:00:00Z"), List.of("x", "y,z"), null};
    Object[] empty = {"", null, List.of(), 1.5};
    Path p = dir.resolve("out.csv");
    try (TabularWriter w = TabularWriter.create(p, cols)) {
      w.write(row);
      w.write(empty);
    }
    assertThat(Files.readString(p))
        .isEqualTo(
            "s,t,l,d\n\"a,\"\"b\"\"\nc\",2026-01-01T10:00:00Z,\"[\"\"x\"\",\"\"y,z\"\"]\",\n"
                + "\"\",,[],1.5\n");
    try (TabularReader r = TabularReader.open(p)) {
      List<TabularRecord> rows = readAll(r);
      for (int i = 0; i < cols.size(); i++) {
        assertThat(ValueText.convert(rows.get(0).get(i), cols.get(i).type())).isEqualTo(row[i]);
        assertThat(ValueText.convert(rows.get(1).get(i), cols.get(i).type())).isEqualTo(empty[i]);
      }
    }
  }

  @Test
  void parquet_roundTripsTypedValues() throws Exception {
    List<Field> cols =
        List.of(
            new Field("i", ValueType.INT64),
            new Field("t", ValueType.TIMESTAMP),
            new Field("b", ValueType.BYTES),
            new Field("l", ValueType.INT32_LIST),
            new Field("s", ValueType.STRING));
    Path p = dir.resolve("out.parquet");
    try (TabularWriter w = TabularWriter.create(p, cols)) {
      w.write(
          new Object[] {
            7L, Instant.parse("2026-01-01T10:00:00.123456Z"), new byte[] {1, 2}, List.of(1, 2), "x"
          });
      w.write(new Object[] {null, null, null, null, null});
    }
    try (TabularReader r = TabularReader.open(p)) {
      assertThat(r.header()).containsExactly("i", "t", "b", "l", "s");
      List<TabularRecord> rows = readAll(r);
      assertThat(rows).hasSize(2);
      TabularRecord first = rows.get(0);
      assertThat(first.location()).isEqualTo("out.parquet: row 1");
      assertThat(ValueText.convert(first.get(0), ValueType.INT64)).isEqualTo(7L);
      assertThat(ValueText.convert(first.get(1), ValueType.TIMESTAMP))
          .isEqualTo(Instant.parse("2026-01-01T10:00:00.123456Z"));
      assertThat((byte[]) ValueText.convert(first.get(2), ValueType.BYTES)).containsExactly(1, 2);
      assertThat(ValueText.convert(first.get(3), ValueType.INT32_LIST)).isEqualTo(List.of(1, 2));
      assertThat(rows.get(1).values()).containsOnlyNulls();
    }
  }
}
