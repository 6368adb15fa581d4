package dev.kairos.spi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.EntityKey;
import dev.kairos.api.Field;
import dev.kairos.api.ValueType;
import dev.kairos.spi.OnlineRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RowCodecPropertiesTest {

  @Property
  void decode_ofEncode_isIdentity(@ForAll("rows") Sample sample) {
    RowCodec codec = new RowCodec("v", sample.fields());

    OnlineRow back = codec.decode(sample.row().key(), codec.encode(sample.row()));

    assertThat(Normalized.of(back.values())).isEqualTo(Normalized.of(sample.row().values()));
    assertThat(back.eventTs()).isEqualTo(sample.row().eventTs());
    assertThat(back.createdTs()).isEqualTo(sample.row().createdTs());
  }

  @Property
  void compareOrder_agreesWithIsNewerThan(
      @ForAll("instants") Instant e1,
      @ForAll("maybeInstants") Instant c1,
      @ForAll("instants") Instant e2,
      @ForAll("maybeInstants") Instant c2) {
    RowCodec codec = new RowCodec("v", List.of());
    OnlineRow a = new OnlineRow(EntityKey.of(1L), new Object[0], e1, c1);
    OnlineRow b = new OnlineRow(EntityKey.of(1L), new Object[0], e2, c2);

    assertThat(RowCodec.compareOrder(codec.encode(a), codec.encode(b)) > 0)
        .isEqualTo(a.isNewerThan(b));
  }

  @Property
  void encodeKey_isInjective(@ForAll("keys") EntityKey a, @ForAll("keys") EntityKey b) {
    assertThat(java.util.Arrays.equals(RowCodec.encodeKey(a), RowCodec.encodeKey(b)))
        .isEqualTo(a.equals(b));
  }

  record Sample(List<Field> fields, OnlineRow row) {}

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs()
        .between(-5_000_000_000_000_000L, 5_000_000_000_000_000L)
        .map(Timestamps::fromMicros);
  }

  @Provide
  Arbitrary<Instant> maybeInstants() {
    return instants().injectNull(0.3);
  }

  @Provide
  Arbitrary<EntityKey> keys() {
    Arbitrary<Object> part =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-3, 3).map(l -> (Object) l),
            Arbitraries.strings().ofMaxLength(2).map(s -> (Object) s));
    return part.list().ofMinSize(1).ofMaxSize(3).map(EntityKey::new);
  }

  @Provide
  Arbitrary<Sample> rows() {
    Arbitrary<List<ValueType>> types = Arbitraries.of(ValueType.class).list().ofMaxSize(12);
    return types.flatMap(
        ts -> {
          List<Arbitrary<Object>> values = new ArrayList<>();
          for (ValueType t : ts) {
            values.add(value(t).injectNull(0.2));
          }
          Arbitrary<List<Object>> all = Combinators.combine(values).as(l -> l);
          return Combinators.combine(all, instants(), maybeInstants())
              .as(
                  (vs, e, c) -> {
                    List<Field> fields = new ArrayList<>();
                    for (int i = 0; i < ts.size(); i++) {
                      fields.add(new Field("f" + i, ts.get(i)));
                    }
                    return new Sample(fields, new OnlineRow(EntityKey.of(1L), vs.toArray(), e, c));
                  });
        });
  }

  private Arbitrary<Object> value(ValueType t) {
    if (t.isList()) {
      return scalar(t.elementType()).injectNull(0.1).list().ofMaxSize(5).map(l -> (Object) l);
    }
    return scalar(t);
  }

  private Arbitrary<Object> scalar(ValueType t) {
    Arbitrary<?> a =
        switch (t) {
          case INT32 -> Arbitraries.integers();
          case INT64 -> Arbitraries.longs();
          case FLOAT -> Arbitraries.floats();
          case DOUBLE -> Arbitraries.doubles();
          case STRING -> Arbitraries.strings().ofMaxLength(20);
          case BOOL -> Arbitraries.of(true, false);
          case BYTES -> Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
          case TIMESTAMP -> instants();
          default -> throw new IllegalArgumentException(t.toString());
        };
    return a.map(o -> (Object) o);
  }
}
