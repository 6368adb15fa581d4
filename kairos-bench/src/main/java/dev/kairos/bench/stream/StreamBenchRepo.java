package dev.kairos.bench.stream;

import dev.kairos.api.FeatureView;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.init.RepoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The fraud template repository with a given online store, pointed at the bench broker. */
final class StreamBenchRepo implements AutoCloseable {
  final FeatureStore fs;
  final String group = "bench-" + UUID.randomUUID().toString().substring(0, 8);

  StreamBenchRepo(Path dir, String online, String bootstrap, String topic) throws Exception {
    this(dir, online, bootstrap, topic, "earliest");
  }

  StreamBenchRepo(Path dir, String online, String bootstrap, String topic, String offsetReset)
      throws Exception {
    RepoTemplate.write(dir);
    Path config = dir.resolve("kairos.yaml");
    String text =
        Files.readString(config)
            .replace("${KAIROS_KAFKA_BOOTSTRAP:-127.0.0.1:9092}", bootstrap)
            .replace(
                "  # group_id: kairos-fraud ",
                "  properties: {auto.offset.reset: "
                    + offsetReset
                    + "}\n  group_id: "
                    + group
                    + " ");
    if (online.equals("redis")) {
      text =
          text.replace(
              "online_store:\n  type: rocksdb\n  path: data/online\n",
              "online_store:\n  type: redis\n  url: redis://127.0.0.1:6379\n  key_prefix: "
                  + group
                  + "\n");
    }
    Files.writeString(config, text);
    Path sources = dir.resolve("features/transactions.yaml");
    Files.writeString(
        sources, Files.readString(sources).replace("topic: transactions", "topic: " + topic));
    fs = FeatureStore.open(dir);
    fs.apply(false);
  }

  @Override
  public void close() {
    try {
      for (FeatureView v : fs.definitions().views()) {
        fs.onlineStore().deleteView(v);
        if (v.hasAggregations()) {
          fs.onlineStore().deleteView(AggregationLayout.of(v, fs.definitions()).storageView());
        }
      }
    } finally {
      fs.close();
    }
  }
}
