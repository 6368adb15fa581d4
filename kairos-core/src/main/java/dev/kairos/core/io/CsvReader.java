package dev.kairos.core.io;

import dev.kairos.api.KairosException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 4180 reader working on bytes: the structural characters (comma, quote, CR, LF) are ASCII and
 * never occur inside a multi-byte UTF-8 sequence, so each field is decoded on its own and an
 * invalid byte is reported at its exact line.
 */
final class CsvReader implements TabularReader {
  private static final int EOF = -1;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long COMMAS = ONES * ',';
  private static final long LFS = ONES * '\n';
  private static final long CRS = ONES * '\r';
  private static final long QUOTES = ONES * '"';

  private final Path file;
  private final String fileName;
  private final String locationPrefix;
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int limit;
  private long line = 1;
  private byte[] field = new byte[256];
  private int fieldLen;
  private List<String> header = List.of();

  private CsvReader(Path file, InputStream in) {
    this.file = file;
    this.fileName = file.getFileName().toString();
    this.locationPrefix = fileName + ":";
    this.in = in;
  }

  static CsvReader open(Path file) {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER, file + ": cannot read: " + e.getMessage(), e);
    }
    CsvReader reader = new CsvReader(file, in);
    try {
      reader.readHeader();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void readHeader() {
    skipBom();
    List<Object> names = readRecord();
    if (names == null) {
      return;
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) == null ? "" : ((String) names.get(i)).trim();
      if (name.isEmpty()) {
        throw KairosException.user(fileName + ":1: column " + (i + 1) + " of the header is empty");
      }
      if (!seen.add(name)) {
        throw KairosException.user(
            fileName + ":1: column '" + name + "' appears twice in the header");
      }
      out.add(name);
    }
    header = List.copyOf(out);
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public TabularRecord next() {
    if (header.isEmpty()) {
      return null;
    }
    long start = line;
    List<Object> values = readRecord();
    if (values == null) {
      return null;
    }
    if (values.size() != header.size()) {
      throw KairosException.user(
          fileName
              + ":"
              + start
              + ": expected "
              + header.size()
              + " fields as in the header but found "
              + values.size());
    }
    return new TabularRecord(locationPrefix, start, values);
  }

  /** Reads one record, skipping blank lines; null at end of file. */
  private List<Object> readRecord() {
    while (true) {
      int c = peek();
      if (c == EOF) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        endOfLine(read());
        continue;
      }
      return readFields();
    }
  }

  private List<Object> readFields() {
    List<Object> values = new ArrayList<>(header.isEmpty() ? 16 : header.size());
    while (true) {
      fieldLen = 0;
      long fieldLine = line;
      int c = peek();
      boolean quoted = c == '"';
      Object value;
      if (quoted) {
        read();
        readQuoted(fieldLine);
        c = read();
        value = decode(field, 0, fieldLen, fieldLine);
      } else {
        value = scanUnquoted(fieldLine);
        c = read();
      }
      values.add(value);
      if (c == ',') {
        continue;
      }
      if (c == '\r' || c == '\n') {
        endOfLine(c);
        return values;
      }
      if (c == EOF) {
        return values;
      }
      throw KairosException.user(
          fileName
              + ":"
              + line
              + ": unexpected character '"
              + (char) c
              + "' after a closing quote; a quoted field must end at a comma or line end");
    }
  }

  /**
   * Reads an unquoted field up to (not including) its delimiter; null when empty. The common case,
   * a field wholly inside the buffer, becomes a string straight from the buffer; a field crossing
   * the buffer's end (or holding a stray quote, which is an error) takes the byte-by-byte path.
   */
  private String scanUnquoted(long fieldLine) {
    int start = pos;
    int i = start;
    long high = 0;
    byte[] b = buf;
    int end = limit;
    // Eight bytes at a time: the lowest flagged byte of a word is exactly the first delimiter.
    while (i + 8 <= end) {
      long w = (long) LONGS.get(b, i);
      long hit =
          zeroByte(w ^ COMMAS) | zeroByte(w ^ LFS) | zeroByte(w ^ CRS) | zeroByte(w ^ QUOTES);
      if (hit != 0) {
        int k = Long.numberOfTrailingZeros(hit) >>> 3;
        high |= w & ((1L << (k << 3)) - 1) & HIGH_BITS;
        i += k;
        break;
      }
      high |= w & HIGH_BITS;
      i += 8;
    }
    while (i < end) {
      byte x = b[i];
      if (x == ',' || x == '\n' || x == '\r' || x == '"') {
        break;
      }
      high |= x & 0x80;
      i++;
    }
    if (i < end && b[i] != '"') {
      pos = i;
      int len = i - start;
      if (len == 0) {
        return null;
      }
      return high == 0
          ? new String(b, start, len, StandardCharsets.ISO_8859_1)
          : decode(b, start, len, fieldLine);
    }
    int c = readUnquoted();
    if (c != EOF) {
      pos--;
    }
    return fieldLen > 0 ? decode(field, 0, fieldLen, fieldLine) : null;
  }

  private int readUnquoted() {
    while (true) {
      int c = read();
      if (c == ',' || c == '\r' || c == '\n' || c == EOF) {
        return c;
      }
      if (c == '"') {
        throw KairosException.user(
            fileName
                + ":"
                + line
                + ": quote inside an unquoted field; enclose the field in double quotes and"
                + " double the quote (\"\")");
      }
      append(c);
    }
  }

  private void readQuoted(long startLine) {
    while (true) {
      int c = read();
      if (c == EOF) {
        throw KairosException.user(
            fileName + ":" + startLine + ": quoted field is never closed (missing '\"')");
      }
      if (c == '"') {
        if (peek() == '"') {
          read();
        } else {
          return;
        }
      } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
        line++;
      }
      append(c);
    }
  }

  private void endOfLine(int c) {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private void append(int c) {
    if (fieldLen == field.length) {
      field = Arrays.copyOf(field, field.length * 2);
    }
    field[fieldLen++] = (byte) c;
  }

  /**
   * The high bit of each zero byte of {@code x} is set (and possibly of higher bytes after one).
   */
  private static long zeroByte(long x) {
    return (x - ONES) & ~x & HIGH_BITS;
  }

  private String decode(byte[] bytes, int from, int len, long fieldLine) {
    boolean ascii = true;
    for (int i = from; i < from + len && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, from, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER,
          fileName + ":" + fieldLine + ": invalid UTF-8; save the file as UTF-8",
          e);
    }
  }

  private void skipBom() {
    if (fill() >= 3
        && (buf[pos] & 0xff) == 0xEF
        && (buf[pos + 1] & 0xff) == 0xBB
        && (buf[pos + 2] & 0xff) == 0xBF) {
      pos += 3;
    }
  }

  private int peek() {
    if (pos == limit && fill() == 0) {
      return EOF;
    }
    return buf[pos] & 0xff;
  }

  private int read() {
    int c = peek();
    if (c != EOF) {
      pos++;
    }
    return c;
  }

  /** Refills the buffer keeping unread bytes; returns the number of bytes available. */
  private int fill() {
    if (limit - pos >= 3) {
      return limit - pos;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    try {
      while (limit < 3) {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
          break;
        }
        limit += n;
      }
    } catch (IOException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.USER, fileName + ": cannot read: " + e.getMessage(), e);
    }
    return limit - pos;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new KairosException(
          dev.kairos.api.ErrorKind.INTERNAL, fileName + ": cannot close: " + e.getMessage(), e);
    }
  }
}
