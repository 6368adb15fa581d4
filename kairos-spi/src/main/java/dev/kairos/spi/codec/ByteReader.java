package dev.kairos.spi.codec;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote; fails with IllegalArgumentException on truncated input. */
public final class ByteReader {
  private final byte[] buf;
  private int pos;

  public ByteReader(byte[] buf, int pos) {
    this.buf = buf;
    this.pos = pos;
  }

  public int pos() {
    return pos;
  }

  public boolean hasMore() {
    return pos < buf.length;
  }

  private void need(int n) {
    if (n < 0 || pos + n > buf.length) {
      throw new IllegalArgumentException(
          "truncated online row: need " + n + " bytes at offset " + pos + " of " + buf.length);
    }
  }

  public int u8() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public boolean bit(int start, int index) {
    return (buf[start + (index >>> 3)] & (1 << (index & 7))) != 0;
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  public int fixed32() {
    need(4);
    int v =
        ((buf[pos] & 0xFF) << 24)
            | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8)
            | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long fixed64() {
    return ((long) fixed32() << 32) | (fixed32() & 0xFFFFFFFFL);
  }

  public long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("malformed varint before offset " + pos);
  }

  public long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  public int length() {
    long n = varint();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("length " + n + " too large at offset " + pos);
    }
    return (int) n;
  }

  public byte[] bytes() {
    int n = length();
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public String string() {
    int n = length();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
