package dev.kairos.spi.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the primitive writes of the online encoding. */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public int size() {
    return size;
  }

  public void reserve(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public void u8(int b) {
    reserve(1);
    buf[size++] = (byte) b;
  }

  public void set(int pos, int b) {
    buf[pos] = (byte) b;
  }

  public void orBit(int pos, int bit) {
    buf[pos] |= (byte) (1 << bit);
  }

  public void fixed32(int v) {
    reserve(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  public void fixed64(long v) {
    fixed32((int) (v >>> 32));
    fixed32((int) v);
  }

  public void varint(long v) {
    reserve(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void zigzag(long v) {
    varint((v << 1) ^ (v >> 63));
  }

  public void bytes(byte[] b) {
    varint(b.length);
    raw(b);
  }

  public void raw(byte[] b) {
    reserve(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  public void string(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
