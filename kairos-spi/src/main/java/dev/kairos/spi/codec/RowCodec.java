package dev.kairos.spi.codec;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import java.util.List;

/**
 * The compact binary encoding of online rows and entity keys that every online store shares (see
 * {@code docs/online-encoding.md}). A codec is made for one view and is immutable and thread-safe.
 *
 * <h2>Row value</h2>
 *
 * <pre>
 * row     := version:u8(=1) event:fixed64 created:fixed64 flags:u8 values
 * values  := count:varint nulls:bitmap(count) value*      (one value per non-null feature)
 * </pre>
 *
 * <ul>
 *   <li>{@code event} and {@code created} are epoch microseconds, big-endian, with the sign bit
 *       flipped, so comparing bytes 1..16 unsigned and lexicographically orders rows exactly as
 *       {@link OnlineRow#isNewerThan} does (created null is written as all zero bytes, the smallest
 *       value). Stores compare these 16 bytes (also server-side in Redis' Lua script) without
 *       decoding. Sub-microsecond digits of timestamps are dropped.
 *   <li>{@code flags} bit 0: the created timestamp is present.
 *   <li>{@code nulls}: bit {@code i} (byte {@code i/8}, bit {@code i%8}) set when feature {@code i}
 *       is null. {@code count} is the number of features when the row was written: decoding a row
 *       written with fewer features yields null for the missing trailing ones.
 *   <li>Scalars: INT32, INT64 and TIMESTAMP (epoch micros) as zigzag varints; FLOAT and DOUBLE as
 *       IEEE-754 big-endian fixed32/fixed64; BOOL one byte 0/1; STRING (UTF-8) and BYTES as varint
 *       length then bytes.
 *   <li>Lists: {@code varint(n << 1 | hasNulls)}, then, when hasNulls, a bitmap of n bits, then the
 *       non-null elements encoded as scalars.
 * </ul>
 *
 * <h2>Entity key</h2>
 *
 * Each key value in order: a tag byte, then its payload: 1 integral ({@code Long}, {@code Integer},
 * {@code Short}, {@code Byte}: fixed64 with the sign bit flipped, so equal numbers give equal keys
 * whatever their Java type), 2 {@code String} (varint length, UTF-8), 3 {@code Boolean} (one byte),
 * 4 {@code byte[]} (varint length, bytes), 5 {@code Float}/{@code Double} (fixed64 of the double's
 * bits), 6 {@code Instant} (zigzag varint epoch micros).
 */
public final class RowCodec {
  /** The format version written in byte 0. */
  public static final int VERSION = 1;

  /** Bytes 1 (inclusive) to 17 (exclusive) hold the ordering timestamps. */
  public static final int ORDER_FROM = 1;

  public static final int ORDER_TO = 17;

  private static final int HEADER = 18;

  private final String view;
  private final String[] names;
  private final ValueType[] types;

  /** A codec for rows with these features (names are used in error messages only). */
  public RowCodec(String view, List<Field> features) {
    this.view = view;
    this.names = new String[features.size()];
    this.types = new ValueType[features.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = features.get(i).name();
      types[i] = features.get(i).type();
    }
  }

  public static RowCodec forView(FeatureView view) {
    return new RowCodec(view.name(), view.features());
  }

  /**
   * Encodes the row's values, event and created timestamps (not its key).
   *
   * @throws KairosException INTERNAL when the row does not fit the view's features
   */
  public byte[] encode(OnlineRow row) {
    Object[] values = row.values();
    if (values.length != types.length) {
      throw KairosException.internal(
          "view '"
              + view
              + "' has "
              + types.length
              + " features but the row for "
              + row.key()
              + " has "
              + values.length
              + " values",
          null);
    }
    ByteWriter w = new ByteWriter(HEADER + 8 + values.length * 9);
    w.u8(VERSION);
    w.fixed64(Timestamps.toMicros(row.eventTs()) ^ Long.MIN_VALUE);
    w.fixed64(row.createdTs() == null ? 0 : Timestamps.toMicros(row.createdTs()) ^ Long.MIN_VALUE);
    w.u8(row.createdTs() == null ? 0 : 1);
    w.varint(values.length);
    int bitmap = reserveBitmap(w, values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        w.orBit(bitmap + (i >>> 3), i & 7);
      } else {
        try {
          ValueCodec.write(w, types[i], values[i]);
        } catch (ClassCastException | IllegalArgumentException e) {
          throw KairosException.internal(
              "feature '"
                  + names[i]
                  + "' of view '"
                  + view
                  + "' is "
                  + types[i]
                  + " but the value for "
                  + row.key()
                  + " is "
                  + ValueCodec.describe(values[i]),
              e);
        }
      }
    }
    return w.toByteArray();
  }

  /**
   * Decodes bytes written by {@link #encode}.
   *
   * @throws KairosException INTERNAL when the bytes are not a row of this format
   */
  public OnlineRow decode(EntityKey key, byte[] bytes) {
    try {
      ByteReader r = new ByteReader(bytes, 0);
      int version = r.u8();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown format version " + version);
      }
      long event = r.fixed64() ^ Long.MIN_VALUE;
      long created = r.fixed64() ^ Long.MIN_VALUE;
      boolean hasCreated = (r.u8() & 1) != 0;
      int count = r.length();
      int bitmap = r.pos();
      r.skip((count + 7) >>> 3);
      Object[] values = new Object[types.length];
      for (int i = 0; i < count; i++) {
        Object v = r.bit(bitmap, i) ? null : ValueCodec.read(r, types[i]);
        if (i < values.length) {
          values[i] = v;
        }
      }
      return new OnlineRow(
          key,
          values,
          Timestamps.fromMicros(event),
          hasCreated ? Timestamps.fromMicros(created) : null);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw KairosException.internal(
          "stored online row of view '"
              + view
              + "' for "
              + key
              + " cannot be decoded ("
              + e.getMessage()
              + "); run 'kairos materialize' again after deleting the view's online data",
          e);
    }
  }

  /**
   * Compares the ordering timestamps of two encoded rows: positive when {@code a} is newer than
   * {@code b} in the sense of {@link OnlineRow#isNewerThan}, zero when equally new.
   */
  public static int compareOrder(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, ORDER_FROM, ORDER_TO, b, ORDER_FROM, ORDER_TO);
  }

  /**
   * Encodes an entity key. Integral numbers of any Java type encode alike.
   *
   * @throws KairosException USER when a key value has a type keys cannot have
   */
  public static byte[] encodeKey(EntityKey key) {
    ByteWriter w = new ByteWriter(16);
    KeyCodec.write(w, key);
    return w.toByteArray();
  }

  /** Decodes an entity key; integral numbers come back as {@code Long}, floats as Double. */
  public static EntityKey decodeKey(byte[] bytes) {
    return KeyCodec.read(new ByteReader(bytes, 0));
  }

  private static int reserveBitmap(ByteWriter w, int count) {
    int pos = w.size();
    for (int i = 0; i < (count + 7) >>> 3; i++) {
      w.u8(0);
    }
    return pos;
  }
}
