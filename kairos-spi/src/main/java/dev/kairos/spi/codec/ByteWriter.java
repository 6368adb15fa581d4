package dev.kairos.spi.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the primitive writes of the online encoding. */
final class ByteWriter {
  private byte[] buf;
  private int size;

  ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  void reserve(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  void u8(int b) {
    reserve(1);
    buf[size++] = (byte) b;
  }

  void set(int pos, int b) {
    buf[pos] = (byte) b;
  }

  void orBit(int pos, int bit) {
    buf[pos] |= (byte) (1 << bit);
  }

  void fixed32(int v) {
    reserve(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  void fixed64(long v) {
    fixed32((int) (v >>> 32));
    fixed32((int) v);
  }

  void varint(long v) {
    reserve(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void zigzag(long v) {
    varint((v << 1) ^ (v >> 63));
  }

  void bytes(byte[] b) {
    varint(b.length);
    raw(b);
  }

  void raw(byte[] b) {
    reserve(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  void string(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
