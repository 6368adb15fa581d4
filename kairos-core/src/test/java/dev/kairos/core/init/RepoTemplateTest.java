package dev.kairos.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.config.RepoConfig;
import dev.kairos.core.definitions.DefinitionsLoader;
import dev.kairos.core.generate.FraudGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTemplateTest {
  @TempDir Path tmp;

  @Test
  void write_createsARepositoryThatLoadsAndValidates() {
    Path repo = tmp.resolve("new-repo");
    List<Path> files = RepoTemplate.write(repo);
    assertThat(files)
        .extracting(Path::toString)
        .containsExactly(
            "kairos.yaml",
            ".gitignore",
            "features/entities.yaml",
            "features/transactions.yaml",
            "features/views.yaml",
            "features/aggregations.yaml",
            "features/request.yaml",
            "features/services.yaml",
            "suites/transactions.json");
    RepoConfig config = RepoConfig.load(repo, Map.of());
    assertThat(config.project()).isEqualTo("fraud");
    assertThat(config.registry().type()).isEqualTo("file");
    Definitions d = DefinitionsLoader.load(repo, config.project());
    assertThat(d.entities())
        .extracting(e -> e.name() + ":" + e.joinKeys() + ":" + e.valueType())
        .containsExactly(
            "user:[user_id]:INT64", "merchant:[merchant_id]:INT64", "device:[device_id]:STRING");
    assertThat(d.views())
        .extracting(v -> v.name() + ":" + v.ttl())
        .containsExactly(
            "user_txn_windows:" + Duration.ZERO,
            "device_windows:" + Duration.ZERO,
            "merchant_windows:" + Duration.ZERO,
            "user_last_transaction:" + Duration.ofDays(30),
            "merchant_last_transaction:" + Duration.ofDays(7));
    assertThat(d.onDemandViews()).extracting(v -> v.name()).containsExactly("txn_request");
    assertThat(d.resolveService("fraud_detection_v1")).hasSize(30);
  }

  @Test
  void fraudService_hasUniqueShortNames_soEveryEndpointWorksWithoutFullFeatureNames() {
    RepoTemplate.write(tmp);
    Definitions d = DefinitionsLoader.load(tmp, "fraud");
    List<String> names =
        d.resolveService("fraud_detection_v1").stream().map(r -> r.name()).toList();
    assertThat(names).doesNotHaveDuplicates();
    assertThat(names)
        .containsExactly(
            "amount_count_1m",
            "amount_count_10m",
            "amount_count_1h",
            "amount_count_1d",
            "amount_sum_1h",
            "amount_sum_1d",
            "amount_sum_30d",
            "amount_avg_1h",
            "amount_avg_1d",
            "amount_avg_30d",
            "amount_min_10m",
            "merchant_id_count_distinct_1h",
            "merchant_id_count_distinct_1d",
            "country_count_distinct_1h",
            "country_count_distinct_1d",
            "device_id_count_distinct_1d",
            "last_txn_ts",
            "home_country",
            "user_id_count_distinct_1d",
            "user_id_count_distinct_7d",
            "merchant_txn_count_1h",
            "merchant_txn_count_1d",
            "merchant_amount_sum_1h",
            "merchant_amount_sum_1d",
            "amount_vs_avg_30d",
            "is_night",
            "is_foreign",
            "secs_since_last_txn",
            "is_risky_category",
            "is_tiny_amount");
  }

  @Test
  void transactionsSource_hasExactlyTheGeneratorsColumns() {
    RepoTemplate.write(tmp);
    Definitions d = DefinitionsLoader.load(tmp, "fraud");
    assertThat(d.source("transactions").orElseThrow().fields())
        .containsExactlyElementsOf(FraudGenerator.SCHEMA);
  }

  @Test
  void commentedPostgresRegistry_parsesWhenUncommented() throws Exception {
    RepoTemplate.write(tmp);
    String yaml = Files.readString(tmp.resolve("kairos.yaml"));
    String uncommented =
        yaml.replace("registry:\n  type: file\n  path: data/registry\n", "")
            .replace("# registry:\n#   type: postgres", "registry:\n  type: postgres")
            .replaceAll(
                "\n#   (url|user|password|schema): (.*jdbc:postgresql.*|postgres|\\$\\{KAIROS_PG_PASSWORD:-\\}|kairos_fraud)\n",
                "\n  $1: $2\n");
    Files.writeString(tmp.resolve("kairos.yaml"), uncommented);
    RepoConfig config = RepoConfig.load(tmp, Map.of());
    assertThat(config.registry().type()).isEqualTo("postgres");
    assertThat(config.registry().options()).containsEntry("password", "");
  }

  @Test
  void write_refusesANonEmptyFolder_andWritesNothing() throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> RepoTemplate.write(tmp))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "cannot init " + tmp + ": the folder is not empty; choose a new or empty folder")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
    try (var files = Files.list(tmp)) {
      assertThat(files).hasSize(1);
    }
  }
}
