package dev.kairos.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.Field;
import dev.kairos.api.KairosException;
import dev.kairos.api.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsLoaderTest {
  static final String FILE = "features/fraud.yaml";
  static final String BASE =
      """
      entities:
        - name: user
          join_keys: [user_id]
          value_type: INT64
      sources:
        - name: transactions
          timestamp_field: event_timestamp
          created_timestamp_field: created_timestamp
          fields:
            - {name: user_id, type: INT64}
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
            - {name: event_timestamp, type: TIMESTAMP}
            - {name: created_timestamp, type: TIMESTAMP}
      feature_views:
        - name: user_stats
          entities: [user]
          source: transactions
          ttl: 7d
          features:
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
      feature_services:
        - name: fraud_v1
          features: [user_stats:amount, user_stats:country]
      """;

  static Definitions parse(String yaml) {
    return DefinitionsLoader.parse("fraud", FILE, yaml);
  }

  static void assertFails(String yaml, String expected) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(DefinitionsException.class)
        .hasMessage(expected)
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
  }

  static String with(String from, String to) {
    assertThat(BASE).contains(from);
    return BASE.replace(from, to);
  }

  @Test
  void parse_readsEveryObjectWithItsFields() {
    Definitions d = parse(BASE);
    assertThat(d.project()).isEqualTo("fraud");
    assertThat(d.entity("user").orElseThrow().joinKeys()).containsExactly("user_id");
    assertThat(d.source("transactions").orElseThrow().table()).isEqualTo("transactions");
    assertThat(d.source("transactions").orElseThrow().createdTimestampField())
        .isEqualTo("created_timestamp");
    var view = d.view("user_stats").orElseThrow();
    assertThat(view.ttl()).isEqualTo(Duration.ofDays(7));
    assertThat(view.online()).isTrue();
    assertThat(view.features())
        .containsExactly(
            new Field("amount", ValueType.DOUBLE), new Field("country", ValueType.STRING));
    assertThat(d.service("fraud_v1").orElseThrow().features())
        .containsExactly(
            new FeatureRef("user_stats", "amount"), new FeatureRef("user_stats", "country"));
  }

  @Test
  void parse_acceptsOptionalKeysWildcardsAndListTypes() {
    Definitions d =
        parse(
            with(
                    "    ttl: 7d\n",
                    "    ttl: 1d12h\n    online: false\n    owner: risk\n    tags: {team: risk}\n")
                .replace("[user_stats:amount, user_stats:country]", "[user_stats:*]"));
    var view = d.view("user_stats").orElseThrow();
    assertThat(view.ttl()).isEqualTo(Duration.ofHours(36));
    assertThat(view.online()).isFalse();
    assertThat(view.owner()).isEqualTo("risk");
    assertThat(view.tags()).isEqualTo(Map.of("team", "risk"));
    assertThat(d.resolveService("fraud_v1")).hasSize(2);
  }

  @Test
  void parse_mergesSeveralFilesInNameOrder() {
    String entities = BASE.substring(0, BASE.indexOf("sources:"));
    String rest = BASE.substring(BASE.indexOf("sources:"));
    Definitions d =
        DefinitionsLoader.parse(
            "fraud", Map.of("features/b.yaml", rest, "features/a.yaml", entities));
    assertThat(d.views()).hasSize(1);
  }

  @Test
  void parse_acceptsAnEmptyFile() {
    assertThat(DefinitionsLoader.parse("fraud", FILE, "# nothing yet\n"))
        .isEqualTo(Definitions.empty("fraud"));
  }

  @Test
  void load_readsYamlFilesRecursively(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("features/more"));
    Files.writeString(dir.resolve("features/more/all.yml"), BASE);
    Files.writeString(dir.resolve("features/notes.txt"), "not yaml: [");
    assertThat(DefinitionsLoader.load(dir, "fraud").views()).hasSize(1);
  }

  @Test
  void load_namesTheFileRelativeToTheRepository(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("features/sub"));
    Files.writeString(dir.resolve("features/sub/x.yaml"), "entities: {}\n");
    assertThatThrownBy(() -> DefinitionsLoader.load(dir, "fraud"))
        .hasMessage(
            "features/sub/x.yaml:1:11: key 'entities' of a definition file must be a list like '- name: ...' entries, not a mapping");
  }

  @Test
  void load_withoutFeaturesFolder_tellsToCreateIt(@TempDir Path dir) {
    assertThatThrownBy(() -> DefinitionsLoader.load(dir, "fraud"))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            "no features/ folder in "
                + dir
                + "; put your definitions in features/*.yaml (run kairos init to see an example repository)");
  }

  @Test
  void ttl_formatsWhatItParses() {
    for (String t : List.of("0", "45s", "30m", "12h", "7d", "1d12h", "2d3h4m5s")) {
      assertThat(Ttl.format(Ttl.parse(t).orElseThrow())).isEqualTo(t);
    }
    assertThat(Ttl.parse("7 days")).isEmpty();
    assertThat(Ttl.parse("12h1d")).isEmpty();
    assertThat(Ttl.parse("")).isEmpty();
  }
}
