package dev.kairos.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.definitions.DefinitionsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoConfigTest {
  static final Path DIR = Path.of("/repo");

  static RepoConfig parse(String yaml, Map<String, String> env) {
    return RepoConfig.parse(DIR, yaml, env);
  }

  @Test
  void minimalFile_takesEveryDefault() {
    RepoConfig c = parse("project: fraud\n", Map.of());
    assertThat(c.project()).isEqualTo("fraud");
    assertThat(c.registry())
        .isEqualTo(
            new PluginSection(
                "file", Map.of("path", "data/registry"), "kairos.yaml (default) registry"));
    assertThat(c.offlineStore().type()).isEqualTo("duckdb");
    assertThat(c.offlineStore().options()).isEqualTo(Map.of("path", "data/offline.duckdb"));
    assertThat(c.onlineStore().type()).isEqualTo("rocksdb");
    assertThat(c.onlineStore().options()).isEqualTo(Map.of("path", "data/online"));
    assertThat(c.server()).isEqualTo(new ServerSettings(6566, 1000));
  }

  @Test
  void sections_keepTheirOptionsAndPosition() {
    RepoConfig c =
        parse(
            """
            project: fraud
            online_store:
              type: redis
              url: redis://127.0.0.1:6379/2
            server:
              port: 7000
              max_entities: 50
            """,
            Map.of());
    assertThat(c.onlineStore())
        .isEqualTo(
            new PluginSection(
                "redis",
                Map.of("url", "redis://127.0.0.1:6379/2"),
                "kairos.yaml:3:3 online_store"));
    assertThat(c.server()).isEqualTo(new ServerSettings(7000, 50));
  }

  @Test
  void serverUi_isOnByDefault_andFalseTurnsTheDashboardOff() {
    assertThat(parse("project: fraud\n", Map.of()).server().ui()).isTrue();
    assertThat(parse("project: fraud\nserver:\n  ui: false\n", Map.of()).server())
        .isEqualTo(new ServerSettings(6566, 1000, false));
    assertThatThrownBy(() -> parse("project: fraud\nserver:\n  ui: maybe\n", Map.of()))
        .hasMessage("kairos.yaml:3:7: key 'ui' of server must be true or false, not 'maybe'");
  }

  @Test
  void environmentVariables_areSubstitutedWithDefaults() {
    RepoConfig c =
        parse(
            """
            project: ${PROJECT}
            offline_store:
              type: postgres
              url: jdbc:postgresql://${PG_HOST:-127.0.0.1}:5432/kairos
              password: ${PG_PASSWORD:-}
            """,
            Map.of("PROJECT", "fraud"));
    assertThat(c.project()).isEqualTo("fraud");
    assertThat(c.offlineStore().options())
        .isEqualTo(Map.of("url", "jdbc:postgresql://127.0.0.1:5432/kairos", "password", ""));
  }

  @Test
  void unsetVariableWithoutDefault_namesLineAndVariable() {
    assertThatThrownBy(
            () ->
                parse(
                    "project: fraud\nregistry:\n  type: postgres\n  password: ${PG_PASSWORD}\n",
                    Map.of()))
        .isInstanceOf(DefinitionsException.class)
        .hasMessage(
            "kairos.yaml:4:13: environment variable PG_PASSWORD is not set; set it, or give a default as ${PG_PASSWORD:-default}");
  }

  @Test
  void kafka_defaultsToLoopbackAndAProjectGroup() {
    RepoConfig c = parse("project: fraud\n", Map.of());
    assertThat(c.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:9092", "kairos-fraud", Map.of()));
  }

  @Test
  void kafka_readsServersGroupAndProperties_withSecretsMasked() {
    RepoConfig c =
        parse(
            "project: fraud\nkafka:\n  bootstrap_servers: ${KAFKA:-a:1},b:2\n  group_id: g\n"
                + "  properties:\n    security.protocol: SASL_SSL\n    sasl.jaas.config: ${JAAS}\n",
            Map.of("JAAS", "user=x password=y"));
    assertThat(c.kafka().bootstrapServers()).isEqualTo("a:1,b:2");
    assertThat(c.kafka().groupId()).isEqualTo("g");
    assertThat(c.kafka().properties())
        .containsEntry("sasl.jaas.config", "user=x password=y")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(c.kafka().maskedProperties())
        .containsEntry("sasl.jaas.config", "****")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void kafka_badServersAndUnknownKeys_areReportedAtTheirPositions() {
    assertThatThrownBy(
            () ->
                parse(
                    "project: fraud\nkafka:\n  bootstrap_servers: localhost\n  groupid: g\n",
                    Map.of()))
        .hasMessage(
            "kairos.yaml:3:22: kafka bootstrap_servers must be host:port[,host:port...], not 'localhost'\n"
                + "kairos.yaml:4:3: unknown key 'groupid' in kafka; did you mean 'group_id'?");
  }

  @Test
  void analytics_absent_isNull() {
    assertThat(parse("project: fraud\n", Map.of()).analytics()).isNull();
  }

  @Test
  void analytics_readsEveryColumn_andDefaultsToUsd() {
    RepoConfig c =
        parse(
            """
            project: fraud
            analytics:
              source: transactions
              amount: amount
              category: merchant_category
              country: country
              label: is_fraud
              user: user_id
              merchant: merchant_id
              device: device_id
              transaction_id: transaction_id
            """,
            Map.of());
    assertThat(c.analytics())
        .isEqualTo(
            new AnalyticsSettings(
                "transactions",
                "amount",
                null,
                "merchant_category",
                "country",
                "is_fraud",
                "user_id",
                "merchant_id",
                "device_id",
                "transaction_id",
                "USD"));
  }

  @Test
  void analytics_unknownKeyMissingColumnAndUnknownCurrency_areReportedAtTheirPositions() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    project: fraud
                    analytics:
                      source: transactions
                      amount: amount
                      category: merchant_category
                      country: country
                      label: is_fraud
                      user: user_id
                      merchant: merchant_id
                      device: device_id
                      reporting_currency: JPY
                      amout: x
                    """,
                    Map.of()))
        .hasMessage(
            "kairos.yaml:3:3: analytics is missing required key 'transaction_id' (the source"
                + " field that holds it, e.g. transaction_id)\n"
                + "kairos.yaml:11:23: analytics reporting_currency 'JPY' has no conversion rate; use"
                + " one of USD, EUR, GBP, CHF, CAD, SGD, AUD, NZD\n"
                + "kairos.yaml:12:3: unknown key 'amout' in analytics; did you mean 'amount'?");
  }

  @Test
  void unknownTopLevelKey_suggestsTheNearest() {
    assertThatThrownBy(() -> parse("project: fraud\nonline_stor:\n  type: redis\n", Map.of()))
        .hasMessage(
            "kairos.yaml:2:1: unknown key 'online_stor' in kairos.yaml; did you mean 'online_store'?");
  }

  @Test
  void severalProblems_areReportedTogether() {
    assertThatThrownBy(
            () ->
                parse(
                    "project: Fraud-1\nregistry:\n  path: x\nserver:\n  port: 99999\n  threads: 4\n",
                    Map.of()))
        .hasMessage(
            "kairos.yaml:1:10: invalid project name 'Fraud-1'; use lower-case letters, digits and underscores, starting with a letter\n"
                + "kairos.yaml:3:3: registry is missing required key 'type' (the plugin, e.g. file)\n"
                + "kairos.yaml:5:9: server port must be a whole number from 0 to 65535, not '99999'\n"
                + "kairos.yaml:6:3: unknown key 'threads' in server; valid keys: port, max_entities, ui");
  }

  @Test
  void missingProject_isReported() {
    assertThatThrownBy(() -> parse("server:\n  port: 1\n", Map.of()))
        .hasMessage(
            "kairos.yaml:1:1: kairos.yaml is missing required key 'project' (the project name, e.g. fraud)");
  }

  @Test
  void yamlSyntaxError_isReportedWithPosition() {
    assertThatThrownBy(() -> parse("project: fraud\n  server: [\n", Map.of()))
        .hasMessageStartingWith(
            "kairos.yaml:2:9: invalid YAML: mapping values are not allowed here");
  }

  @Test
  void missingFile_tellsToRunInit(@TempDir Path dir) {
    assertThatThrownBy(() -> RepoConfig.load(dir, Map.of()))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "no kairos.yaml in "
                + dir
                + "; this is not a feature repository. Run kairos init "
                + dir
                + " to create one, or point to the right folder")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  @Test
  void load_readsTheFileAndKeepsAnAbsoluteRepoDir(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("kairos.yaml"), "project: fraud\n");
    assertThat(RepoConfig.load(dir, Map.of()).repoDir())
        .isEqualTo(dir.toAbsolutePath().normalize());
  }
}
