package dev.kairos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.KairosException;
import dev.kairos.core.definitions.DefinitionsException;
import dev.kairos.core.init.RepoTemplate;
import dev.kairos.core.registry.FileRegistryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  @TempDir Path repo;

  FeatureStore open() {
    return FeatureStore.open(repo, CLOCK, Map.of());
  }

  @Test
  void initPlanApply_storesTheTemplateInTheDefaultFileRegistry() {
    RepoTemplate.write(repo);
    try (FeatureStore fs = open()) {
      assertThat(fs.plan().render())
          .isEqualTo(
              """
              + entity user
              + entity merchant
              + entity device
              + source transactions
              + view user_txn_windows
              + view device_windows
              + view merchant_windows
              + view user_last_transaction
              + view merchant_last_transaction
              + on-demand view txn_request
              + service fraud_detection_v1
              Plan: 11 to add, 0 to change, 0 to remove.
              """);
      assertThat(fs.apply(false).version()).isEqualTo(1);
      assertThat(fs.definitions()).isEqualTo(fs.loadDefinitions());
      assertThat(fs.history())
          .singleElement()
          .extracting(v -> v.appliedAt())
          .isEqualTo(CLOCK.instant());
      assertThat(fs.registryStore()).isInstanceOf(FileRegistryStore.class);
      assertThat(((FileRegistryStore) fs.registryStore()).dir())
          .isEqualTo(repo.toAbsolutePath().resolve("data/registry").normalize());
    }
    try (FeatureStore again = open()) {
      assertThat(again.apply(false).changed()).isFalse();
    }
  }

  @Test
  void definitions_beforeAnyApply_tellsToRunApply() {
    RepoTemplate.write(repo);
    try (FeatureStore fs = open()) {
      assertThatThrownBy(fs::definitions)
          .hasMessage("no definitions applied yet; run kairos apply");
    }
  }

  @Test
  void apply_withInvalidFiles_storesNothing() throws Exception {
    RepoTemplate.write(repo);
    Path views = repo.resolve("features/views.yaml");
    Files.writeString(views, Files.readString(views).replace("ttl: 30d", "ttl: 30 days"));
    try (FeatureStore fs = open()) {
      assertThatThrownBy(() -> fs.apply(false))
          .isInstanceOf(DefinitionsException.class)
          .hasMessage(
              "features/views.yaml:19:10: bad ttl '30 days' in feature view 'user_last_transaction'; write 0 (no limit) or a duration like 90s, 30m, 36h, 7d or 1d12h");
      assertThat(fs.history()).isEmpty();
    }
  }

  @Test
  void unknownRegistryType_namesTheSectionAndTheAvailableTypes() throws Exception {
    Files.writeString(repo.resolve("kairos.yaml"), "project: fraud\nregistry:\n  type: s3\n");
    try (FeatureStore fs = open()) {
      assertThatThrownBy(fs::registryStore)
          .isInstanceOf(KairosException.class)
          .hasMessage("kairos.yaml:3:3 registry: unknown type 's3'; available types: file");
    }
  }

  @Test
  void unknownRegistryOption_isRejectedByThePlugin() throws Exception {
    Files.writeString(
        repo.resolve("kairos.yaml"), "project: fraud\nregistry:\n  type: file\n  folder: x\n");
    try (FeatureStore fs = open()) {
      assertThatThrownBy(fs::registryStore)
          .hasMessage("kairos.yaml:3:3 registry: unknown key 'folder'; valid keys: path");
    }
  }
}
