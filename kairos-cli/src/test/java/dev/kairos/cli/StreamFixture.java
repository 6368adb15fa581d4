package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.copyTree;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Aggregation;
import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.api.ValueType;
import dev.kairos.core.FeatureStore;
import dev.kairos.testkit.AggregationOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the stream CLI tests share: a template repository pointed at a test broker, a generated
 * file, a reference repository where the same file is ingested and materialized in batch, and the
 * comparison of every online value of every view between the two.
 */
final class StreamFixture {
  static final String GROUP = "kairos-fraud";

  private StreamFixture() {}

  /** {@code kairos init} into {@code repo}, with Kafka at {@code bootstrap} and extra settings. */
  static void init(Path dir, String name, String bootstrap, String extraConfig) throws Exception {
    ok(dir, "init", name);
    Path config = dir.resolve(name).resolve("kairos.yaml");
    String text =
        Files.readString(config).replace("${KAIROS_KAFKA_BOOTSTRAP:-127.0.0.1:9092}", bootstrap);
    Files.writeString(config, text + extraConfig);
  }

  /** Ingests and materializes {@code file} in a copy of {@code template}: the batch reference. */
  static Path batchReference(Path template, Path dir, Path file) throws Exception {
    Path ref = dir.resolve("batch-reference");
    copyTree(template, ref);
    ok(ref, "apply");
    ok(ref, "ingest", "transactions", file.toString());
    ok(ref, "materialize", "2025-12-01T00:00:00Z", "2026-02-01T00:00:00Z");
    return ref;
  }

  /** Records behind the end of the topic for the group (all partitions). */
  static long lag(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
      for (int p = 0; p < partitions; p++) {
        specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(specs).all().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }
  }

  /** Records the group has committed on the topic (all partitions). */
  static long committed(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long sum = 0;
      for (var e :
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS)
              .entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) {
          sum += e.getValue().offset();
        }
      }
      return sum;
    }
  }

  /** The greatest event time of the generated file, plus one second: "now" for the comparison. */
  static Instant after(Path csv) throws Exception {
    Instant max = Instant.EPOCH;
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      Instant t = Instant.parse(line.split(",")[8]);
      max = t.isAfter(max) ? t : max;
    }
    return max.plusSeconds(1);
  }

  /** Distinct values of a column of the generated file, typed for the entity's join key. */
  static List<Object> ids(Path csv, int column, ValueType type) throws Exception {
    Set<Object> out = new LinkedHashSet<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String v = line.split(",")[column];
      out.add(type == ValueType.INT64 ? (Object) Long.parseLong(v) : v);
    }
    return new ArrayList<>(out);
  }

  /**
   * Every online value of every view of the streamed repository equals the batch reference's, for
   * every user, merchant and device of the file, at {@code now}.
   *
   * @return the number of values compared
   */
  static long assertSameOnline(Path streamed, Path reference, Path csv, Instant now)
      throws Exception {
    Map<String, Integer> columns = Map.of("user_id", 1, "merchant_id", 2, "device_id", 7);
    long compared = 0;
    try (FeatureStore s = FeatureStore.open(streamed, Clock.fixed(now, ZoneOffset.UTC), Map.of());
        FeatureStore r = FeatureStore.open(reference, Clock.fixed(now, ZoneOffset.UTC), Map.of())) {
      Definitions d = s.definitions();
      for (FeatureView view : d.views()) {
        if (!view.online()) {
          continue;
        }
        List<Field> keys = d.joinKeyFields(view);
        String key = keys.get(0).name();
        List<Object> all = ids(csv, columns.get(key), keys.get(0).type());
        List<FeatureRef> refs = new ArrayList<>();
        view.features().forEach(f -> refs.add(new FeatureRef(view.name(), f.name())));
        view.aggregations().forEach(a -> refs.add(new FeatureRef(view.name(), a.name())));
        for (int from = 0; from < all.size(); from += 500) {
          List<Object> ids = all.subList(from, Math.min(all.size(), from + 500));
          OnlineQuery q = new OnlineQuery(refs, null, Map.of(key, ids), false);
          OnlineResult got = s.onlineReader().get(q);
          OnlineResult want = r.onlineReader().get(q);
          for (int c = 1; c < got.columns().size(); c++) {
            OnlineResult.Column g = got.columns().get(c);
            OnlineResult.Column w = want.columns().get(c);
            for (int row = 0; row < ids.size(); row++) {
              String what =
                  view.name() + ":" + got.names().get(c) + " of " + key + "=" + ids.get(row);
              assertThat(AggregationOracle.matches(w.values()[row], g.values()[row], g.type()))
                  .as("%s: batch %s, streamed %s", what, w.values()[row], g.values()[row])
                  .isTrue();
              assertThat(g.statuses()[row]).as(what).isEqualTo(w.statuses()[row]);
              compared++;
            }
          }
        }
      }
    }
    return compared;
  }

  static boolean isAggregation(FeatureView view, String name) {
    return view.aggregations().stream().map(Aggregation::name).anyMatch(name::equals);
  }
}
