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
            "features/services.yaml",
            "suites/transactions.json");
    RepoConfig config = RepoConfig.load(repo, Map.of());
    assertThat(config.project()).isEqualTo("fraud");
    assertThat(config.registry().type()).isEqualTo("file");
    Definitions d = DefinitionsLoader.load(repo, config.project());
    assertThat(d.entities())
        .extracting(e -> e.name() + ":" + e.joinKeys() + ":" + e.valueType())
        .containsExactly("user:[user_id]:INT64", "merchant:[merchant_id]:INT64");
    assertThat(d.views())
        .extracting(v -> v.name() + ":" + v.ttl())
        .containsExactly(
            "user_last_transaction:" + Duration.ofDays(30),
            "merchant_last_transaction:" + Duration.ofDays(7));
    assertThat(d.resolveService("fraud_detection_v1")).hasSize(8);
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
