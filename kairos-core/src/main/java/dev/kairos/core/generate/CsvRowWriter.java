package dev.kairos.core.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * Writes rows as CSV (RFC 4180, no value ever needs quoting) straight into a byte buffer: ASCII
 * only, ISO-8601 UTC timestamps with whole seconds, amounts with exactly two decimals.
 */
final class CsvRowWriter implements RowSink {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TX = "tx-".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEV = "dev-".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final World world;
  private final byte[] buffer = new byte[1 << 18];
  private int position;
  private long rows;
  private long fraudRows;
  private final DatePrefix eventDate = new DatePrefix();
  private final DatePrefix createdDate = new DatePrefix();

  CsvRowWriter(OutputStream out, World world) {
    this.out = out;
    this.world = world;
  }

  void header() throws IOException {
    StringBuilder line = new StringBuilder();
    for (var field : FraudGenerator.SCHEMA) {
      line.append(line.length() == 0 ? "" : ",").append(field.name());
    }
    write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void accept(
      long transaction,
      int userId,
      int merchantId,
      long cents,
      long device,
      long eventSecond,
      long createdSecond,
      boolean fraud)
      throws IOException {
    if (buffer.length - position < 512) {
      flush();
    }
    Country country = world.country(merchantId);
    write(TX);
    padded(transaction, 10);
    comma();
    number(userId);
    comma();
    number(merchantId);
    comma();
    write(world.category(merchantId).labelBytes);
    comma();
    number(cents / 100);
    buffer[position++] = '.';
    padded(cents % 100, 2);
    comma();
    write(country.currencyBytes);
    comma();
    write(country.codeBytes);
    comma();
    write(DEV);
    for (int shift = 44; shift >= 0; shift -= 4) {
      buffer[position++] = HEX[(int) (device >>> shift) & 0xF];
    }
    comma();
    timestamp(eventSecond, eventDate);
    comma();
    timestamp(createdSecond, createdDate);
    comma();
    buffer[position++] = (byte) (fraud ? '1' : '0');
    buffer[position++] = '\n';
    rows++;
    if (fraud) {
      fraudRows++;
    }
  }

  long rows() {
    return rows;
  }

  long fraudRows() {
    return fraudRows;
  }

  void flush() throws IOException {
    out.write(buffer, 0, position);
    position = 0;
  }

  private void comma() {
    buffer[position++] = ',';
  }

  private void write(byte[] bytes) throws IOException {
    if (buffer.length - position < bytes.length) {
      flush();
    }
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  private void number(long value) {
    padded(value, 1);
  }

  /** A non-negative number, left-padded with zeros to at least {@code width} digits. */
  private void padded(long value, int width) {
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int length = Math.max(width, digits);
    int end = position + length;
    for (int i = end - 1; i >= position; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position = end;
  }

  private void timestamp(long epochSecond, DatePrefix date) {
    long day = Math.floorDiv(epochSecond, 86_400L);
    int second = (int) Math.floorMod(epochSecond, 86_400L);
    byte[] prefix = date.bytes(day);
    System.arraycopy(prefix, 0, buffer, position, prefix.length);
    position += prefix.length;
    padded(second / 3600, 2);
    buffer[position++] = ':';
    padded(second / 60 % 60, 2);
    buffer[position++] = ':';
    padded(second % 60, 2);
    buffer[position++] = 'Z';
  }

  /** Caches "yyyy-MM-ddT" for the last day seen; consecutive rows almost always share it. */
  private static final class DatePrefix {
    private long day = Long.MIN_VALUE;
    private byte[] bytes;

    byte[] bytes(long epochDay) {
      if (epochDay != day) {
        day = epochDay;
        bytes = (LocalDate.ofEpochDay(epochDay) + "T").getBytes(StandardCharsets.US_ASCII);
      }
      return bytes;
    }
  }
}
