package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.FieldStatus;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pre-encoded responses must be byte for byte what protobuf writes for the same response built
 * message by message (the codecs' {@code builtResponse}, served to gRPC-JSON calls).
 */
class ResponseWireTest {
  static IntStream seeds() {
    return IntStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void kairosResponse_isByteForByteTheBuiltMessage(int seed) throws Exception {
    OnlineResult result = RandomResults.of(new Random(seed));

    byte[] wire = KairosCodec.response(result).toByteArray();

    dev.kairos.proto.v1.GetOnlineFeaturesResponse built = KairosCodec.builtResponse(result);
    assertThat(wire).isEqualTo(built.toByteArray());
    assertThat(dev.kairos.proto.v1.GetOnlineFeaturesResponse.parseFrom(wire)).isEqualTo(built);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void feastResponse_isByteForByteTheBuiltMessage(int seed) throws Exception {
    OnlineResult result = RandomResults.of(new Random(seed));

    byte[] wire = FeastCodec.response(result).toByteArray();

    var built = FeastCodec.builtResponse(result);
    assertThat(wire).isEqualTo(built.toByteArray());
    assertThat(feast.proto.serving.ServingAPIProto.GetOnlineFeaturesResponse.parseFrom(wire))
        .isEqualTo(built);
  }

  /** Results over every value type, with nulls, missing times, zero and negative numbers. */
  static final class RandomResults {
    private RandomResults() {}

    static OnlineResult of(Random random) {
      int columns = random.nextInt(6);
      int rows = columns == 0 ? 0 : random.nextInt(5);
      List<String> names = new ArrayList<>();
      List<OnlineResult.Column> cols = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        ValueType type = ValueType.values()[random.nextInt(ValueType.values().length)];
        Object[] values = new Object[rows];
        FieldStatus[] statuses = new FieldStatus[rows];
        Instant[] times = new Instant[rows];
        for (int r = 0; r < rows; r++) {
          values[r] = random.nextInt(5) == 0 ? null : value(random, type);
          statuses[r] = FieldStatus.values()[random.nextInt(FieldStatus.values().length)];
          times[r] = random.nextInt(4) == 0 ? null : instant(random);
        }
        names.add("f" + c);
        cols.add(new OnlineResult.Column(type, values, statuses, times));
      }
      return new OnlineResult(names, cols);
    }

    private static Object value(Random random, ValueType type) {
      if (type.isList()) {
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(random, type.elementType()));
        }
        return items;
      }
      return switch (type) {
        case INT32 -> pick(random, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt());
        case INT64 -> pick(random, 0L, -1L, Long.MIN_VALUE, 300L, random.nextLong());
        case FLOAT -> pick(random, 0f, -0f, Float.NaN, 1.5f, random.nextFloat());
        case DOUBLE -> pick(random, 0d, -0d, Double.NaN, -2.25, random.nextDouble());
        case STRING -> pick(random, "", "Ada", "naïve ☃", "𝄞 clef", "x".repeat(200));
        case BOOL -> random.nextBoolean();
        case BYTES -> pick(random, new byte[0], new byte[] {1, -2, 3}, new byte[300]);
        case TIMESTAMP -> instant(random);
        default -> throw new IllegalArgumentException(type.name());
      };
    }

    private static Instant instant(Random random) {
      return pick(
          random,
          Instant.EPOCH,
          Instant.ofEpochSecond(0, 5),
          Instant.ofEpochSecond(-86_400),
          Instant.parse("2026-11-01T10:30:00Z"),
          Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
      return choices[random.nextInt(choices.length)];
    }
  }
}
