package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init, plan, apply, list, describe and history through the packaged CLI. */
class RegistryCliIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  /** A repository with the template applied once, shared by the read-only tests. */
  static Path applied;

  @BeforeAll
  static void applyTheTemplate() throws Exception {
    applied = init("applied");
    ok(applied, "apply");
  }

  static Path init(String name) throws Exception {
    KairosProcess.Result r = ok(dir, "init", name);
    assertThat(r.stdout()).startsWith("Created a feature repository in " + name + ":");
    return dir.resolve(name);
  }

  @Test
  void plan_showsAddedObjects_apply_storesVersion1_thenPlanShowsNoChanges() throws Exception {
    Path repo = init("fresh");

    KairosProcess.Result plan = ok(repo, "plan");
    assertThat(plan.lines())
        .containsExactly(
            "+ entity user",
            "+ entity merchant",
            "+ entity device",
            "+ source transactions",
            "+ view user_txn_windows",
            "+ view device_windows",
            "+ view merchant_windows",
            "+ view user_last_transaction",
            "+ view merchant_last_transaction",
            "+ on-demand view txn_request",
            "+ service fraud_detection_v1",
            "Plan: 11 to add, 0 to change, 0 to remove.");
    JsonNode json = JSON.readTree(ok(repo, "plan", "--format", "json").stdout());
    assertThat(json.get("base_version").asInt()).isZero();
    assertThat(json.get("breaking").asBoolean()).isFalse();
    assertThat(names(json.get("changes"))).hasSize(11).contains("user", "fraud_detection_v1");
    assertThat(ok(repo, "history").stdout())
        .isEqualTo("No version applied yet; run kairos apply.\n");

    assertThat(ok(repo, "apply").stdout())
        .isEqualTo("Applied registry version 1 (11 added, 0 changed, 0 removed).\n");

    assertThat(ok(repo, "plan").stdout())
        .isEqualTo("No changes: the registry already matches the definitions (version 1).\n");
    assertThat(ok(repo, "apply").stdout()).contains("version 1");
    assertThat(history(repo)).hasSize(1);
  }

  @Test
  void listEntities_textAndJson() throws Exception {
    assertThat(ok(applied, "list", "entities").lines())
        .hasSize(4)
        .first()
        .asString()
        .matches("NAME\\s+JOIN KEYS\\s+TYPE\\s+DESCRIPTION");
    JsonNode json = JSON.readTree(ok(applied, "list", "entities", "--format", "json").stdout());
    assertThat(names(json)).containsExactly("user", "merchant", "device");
    assertThat(json.get(0).get("join_keys").get(0).asText()).isEqualTo("user_id");
    assertThat(json.get(1).get("value_type").asText()).isEqualTo("INT64");
  }

  @Test
  void listSources_textAndJson() throws Exception {
    assertThat(ok(applied, "list", "sources").lines())
        .containsExactly(
            "NAME          TABLE         FIELDS  TIMESTAMP        VALIDATION",
            "transactions  transactions  11      event_timestamp  suites/transactions.json");
    JsonNode json = JSON.readTree(ok(applied, "list", "sources", "--format", "json").stdout());
    assertThat(names(json)).containsExactly("transactions");
  }

  @Test
  void listViews_textAndJson() throws Exception {
    List<String> lines = ok(applied, "list", "views").lines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0))
        .matches("NAME\\s+ENTITIES\\s+SOURCE\\s+TTL\\s+ONLINE\\s+FEATURES\\s+AGGREGATIONS");
    assertThat(lines.get(2))
        .matches(
            "device_windows\\s+device\\s+transactions\\s+0\\s+true\\s+0\\s+"
                + "2 \\(count_distinct; 1d\\.\\.7d\\)");
    assertThat(lines.get(1))
        .matches(
            "user_txn_windows\\s+user\\s+transactions\\s+0\\s+true\\s+0\\s+"
                + "18 \\(count,sum,avg,min,count_distinct,last,first; 1m\\.\\.lifetime\\)");
    assertThat(lines.get(4))
        .matches("user_last_transaction\\s+user\\s+transactions\\s+30d\\s+true\\s+5\\s+-");
    assertThat(lines.get(5))
        .matches("merchant_last_transaction\\s+merchant\\s+transactions\\s+7d\\s+true\\s+3\\s+-");
    JsonNode json = JSON.readTree(ok(applied, "list", "views", "--format", "json").stdout());
    assertThat(names(json))
        .containsExactly(
            "user_txn_windows",
            "device_windows",
            "merchant_windows",
            "user_last_transaction",
            "merchant_last_transaction");
    assertThat(json.get(3).get("ttl").asText()).isEqualTo("30d");
    assertThat(names(json.get(4).get("features")))
        .containsExactly("amount", "merchant_category", "country");
    assertThat(json.get(1).get("aggregations").get(1).toString())
        .isEqualTo(
            "{\"name\":\"user_id_count_distinct_7d\",\"function\":\"count_distinct\","
                + "\"column\":\"user_id\",\"window\":\"7d\",\"type\":\"INT64\"}");

    List<String> onDemand = ok(applied, "list", "on_demand_views").lines();
    assertThat(onDemand.get(0)).matches("NAME\\s+REQUEST\\s+FEATURES");
    assertThat(onDemand.get(1))
        .matches(
            "txn_request\\s+amount:DOUBLE,country:STRING,merchant_category:STRING\\s+"
                + "amount_vs_avg_30d:DOUBLE,is_night:BOOL,.*");
  }

  @Test
  void listServices_textAndJson() throws Exception {
    assertThat(ok(applied, "list", "services").lines().get(1))
        .matches(
            "fraud_detection_v1\\s+30\\s+user_txn_windows:\\*, device_windows:\\*,"
                + " merchant_windows:\\*, txn_request:\\*");
    JsonNode json = JSON.readTree(ok(applied, "list", "services", "--format", "json").stdout());
    assertThat(names(json)).containsExactly("fraud_detection_v1");
    assertThat(json.get(0).get("resolved_features")).hasSize(30);
    assertThat(json.get(0).get("resolved_features").get(29).asText())
        .isEqualTo("txn_request:is_tiny_amount");
  }

  @Test
  void describe_showsOneObjectInFull() throws Exception {
    KairosProcess.Result text = ok(applied, "describe", "user_last_transaction");
    assertThat(text.lines())
        .contains(
            "kind: feature_view",
            "name: user_last_transaction",
            "join_keys: [user_id]",
            "ttl: 30d",
            "features:",
            "  - amount DOUBLE",
            "  - currency STRING");

    assertThat(ok(applied, "describe", "user_txn_windows").lines())
        .contains(
            "kind: feature_view",
            "aggregations:",
            "  - amount_count_1m INT64 = count(amount) over 1m",
            "  - amount_avg_30d DOUBLE = avg(amount) over 30d",
            "  - last_txn_ts TIMESTAMP = last(event_timestamp) over 30d",
            "  - home_country STRING = first(country) over lifetime");
    assertThat(ok(applied, "describe", "txn_request").lines())
        .contains(
            "kind: on_demand_view",
            "request:",
            "  - amount DOUBLE",
            "features:",
            "  - is_night BOOL = request_time.getHours() < 6");

    JsonNode json = JSON.readTree(ok(applied, "describe", "merchant", "--format", "json").stdout());
    assertThat(json.get("kind").asText()).isEqualTo("entity");
    assertThat(json.get("description").asText())
        .isEqualTo("A shop or online service accepting card payments.");
  }

  @Test
  void brokenDefinitions_reportEveryProblemAtFileLineColumn_andApplyNothing() throws Exception {
    Path repo = init("broken");
    Path views = repo.resolve("features/views.yaml");
    String original = Files.readString(views);
    String broken =
        original
            .replaceFirst("    ttl: 30d", "    ttl: 30x")
            .replaceFirst("    entities: \\[merchant\\]", "    entities: [merchnt]")
            .replaceFirst("    owner: risk-team", "    ownr: risk-team");
    assertThat(broken).isNotEqualTo(original);
    Files.writeString(views, broken);
    int ttlLine = lineOf(broken, "    ttl: 30x");
    int ownerLine = lineOf(broken, "    ownr: risk-team");
    int entityLine = lineOf(broken, "    entities: [merchnt]");

    KairosProcess.Result plan = expect(2, repo, "plan");
    KairosProcess.Result apply = expect(2, repo, "apply");

    for (KairosProcess.Result r : List.of(plan, apply)) {
      assertThat(r.stderr().lines().toList())
          .containsExactly(
              "error: features/views.yaml:"
                  + ttlLine
                  + ":10: bad ttl '30x' in feature view 'user_last_transaction'; write 0 (no"
                  + " limit) or a duration like 90s, 30m, 36h, 7d or 1d12h",
              "features/views.yaml:"
                  + ownerLine
                  + ":5: unknown key 'ownr' in feature view 'user_last_transaction'; did you mean"
                  + " 'owner'?",
              "features/views.yaml:"
                  + entityLine
                  + ":16: feature view 'merchant_last_transaction' references unknown entity"
                  + " 'merchnt'; did you mean 'merchant'? (known entities: user, merchant, device)");
      assertNoStackTrace(r);
      assertThat(r.stdout()).isEmpty();
    }
    assertThat(ok(repo, "history").stdout()).startsWith("No version applied yet");
  }

  @Test
  void breakingChange_isRefusedWithoutAllowBreaking_andAppliedWithIt() throws Exception {
    Path repo = init("breaking");
    ok(repo, "apply");
    Path views = repo.resolve("features/aggregations.yaml");
    String original = Files.readString(views);
    String changed =
        original.replace(
            "{column: country, function: first, windows: [lifetime], name: home_country}",
            "{column: country, function: last, windows: [lifetime], name: home_country}");
    assertThat(changed).isNotEqualTo(original);
    Files.writeString(views, changed);

    KairosProcess.Result plan = ok(repo, "plan");
    assertThat(plan.lines())
        .containsExactly(
            "~ view user_txn_windows: aggregation home_country function first -> last  [breaking:"
                + " changes the values of an existing feature]",
            "Plan: 0 to add, 1 to change, 0 to remove, 1 breaking.");

    KairosProcess.Result refused = expect(2, repo, "apply");
    assertThat(refused.stderr())
        .startsWith("error: apply refused: 1 breaking change could break models")
        .contains("aggregation home_country function first -> last")
        .endsWith("run apply again with --allow-breaking to apply them anyway\n");
    assertNoStackTrace(refused);
    assertThat(history(repo)).hasSize(1);
    assertThat(ok(repo, "describe", "user_txn_windows").stdout())
        .contains("home_country STRING = first(country) over lifetime");

    assertThat(ok(repo, "apply", "--allow-breaking").stdout())
        .isEqualTo("Applied registry version 2 (0 added, 1 changed, 0 removed, 1 breaking).\n");

    List<JsonNode> versions = history(repo);
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(versions.get(1).get("summary").asText())
        .isEqualTo("0 added, 1 changed, 0 removed, 1 breaking: ~ view user_txn_windows");
    assertThat(ok(repo, "history").lines())
        .hasSize(3)
        .last()
        .asString()
        .matches("2\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+0 added, 1 changed.*");
    assertThat(ok(repo, "describe", "user_txn_windows").stdout())
        .contains("home_country STRING = last(country) over lifetime");
  }

  private static List<JsonNode> history(Path repo) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(ok(repo, "history", "--format", "json").stdout()).forEach(out::add);
    return out;
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get("name").asText()));
    return out;
  }

  private static int lineOf(String text, String line) throws IOException {
    List<String> lines = text.lines().toList();
    int i = lines.indexOf(line);
    assertThat(i).as("line %s", line).isNotNegative();
    return i + 1;
  }
}
