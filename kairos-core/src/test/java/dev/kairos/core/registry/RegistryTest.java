package dev.kairos.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.Definitions;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.definitions.DefinitionsLoader;
import dev.kairos.spi.RegistryStore.RegistryVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String BASE =
      """
      entities:
        - name: user
          join_keys: [user_id]
          value_type: INT64
      sources:
        - name: transactions
          timestamp_field: event_timestamp
          fields:
            - {name: user_id, type: INT64}
            - {name: amount, type: DOUBLE}
            - {name: country, type: STRING}
            - {name: event_timestamp, type: TIMESTAMP}
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
          features: [user_stats:amount]
      """;

  @TempDir Path dir;

  Registry registry() {
    return new Registry(
        FileRegistryStore.open(dir.resolve("registry")), "fraud", Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Definitions defs(String yaml) {
    return DefinitionsLoader.parse("fraud", "features/f.yaml", yaml);
  }

  static Definitions base(String from, String to) {
    assertThat(BASE).contains(from);
    return defs(BASE.replace(from, to));
  }

  @Test
  void diff_showsWhatChangedBetweenTwoVersions_eitherWay() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    r.apply(base("ttl: 7d", "ttl: 14d"), false);

    assertThat(lines(r.diff(1, 2))).containsExactly("~ view user_stats: ttl 7d -> 14d");
    assertThat(lines(r.diff(2, 1))).containsExactly("~ view user_stats: ttl 14d -> 7d");
    assertThat(r.diff(2, 2).isEmpty()).isTrue();
    assertThatThrownBy(() -> r.diff(1, 3))
        .isInstanceOf(KairosException.class)
        .hasMessage("registry version 3 does not exist")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
  }

  static List<String> lines(Plan plan) {
    return plan.changes().stream().flatMap(c -> c.lines().stream()).toList();
  }

  @Test
  void plan_onAnEmptyRegistry_addsEveryObject() {
    Plan plan = registry().plan(defs(BASE));
    assertThat(plan.render())
        .isEqualTo(
            """
            + entity user
            + source transactions
            + view user_stats
            + service fraud_v1
            Plan: 4 to add, 0 to change, 0 to remove.
            """);
    assertThat(registry().history()).isEmpty();
  }

  @Test
  void apply_storesAVersion_andApplyingAgainChangesNothing() {
    Registry r = registry();
    ApplyResult first = r.apply(defs(BASE), false);
    assertThat(first.render())
        .isEqualTo("Applied registry version 1 (4 added, 0 changed, 0 removed).");
    assertThat(r.current()).contains(defs(BASE));
    ApplyResult again = r.apply(defs(BASE), false);
    assertThat(again.changed()).isFalse();
    assertThat(again.render()).isEqualTo("No changes: registry stays at version 1.");
    assertThat(r.plan(defs(BASE)).render())
        .isEqualTo("No changes: the registry already matches the definitions (version 1).\n");
    assertThat(r.history())
        .containsExactly(
            new RegistryVersion(
                1,
                NOW,
                DefinitionsJson.write(defs(BASE)),
                "4 added, 0 changed, 0 removed: + entity user, + source transactions, + view user_stats, + service fraud_v1"));
  }

  @Test
  void plan_showsFieldByFieldChanges() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        defs(
            BASE.replace("ttl: 7d", "ttl: 30d\n    owner: risk")
                .replace(
                    "      - {name: country, type: STRING}\nfeature_services", "feature_services")
                .replace("[user_stats:amount]", "[user_stats:*]")
                .replace("value_type: INT64", "value_type: INT64\n    description: A card holder"));
    assertThat(r.plan(next).render())
        .isEqualTo(
            """
            ~ entity user: description "" -> A card holder
            ~ view user_stats: ttl 7d -> 30d
            ~ view user_stats: owner "" -> risk
            ~ view user_stats: - feature country STRING
            ~ service fraud_v1: features [user_stats:amount] -> [user_stats:*]
            Plan: 0 to add, 3 to change, 0 to remove.
            """);
    assertThat(r.apply(next, false).version()).isEqualTo(2);
  }

  @Test
  void apply_refusesAFeatureTypeChange_unlessBreakingIsAllowed() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        defs(BASE.replace("{name: country, type: STRING}", "{name: country, type: BYTES}"));
    assertThatThrownBy(() -> r.apply(next, false))
        .isInstanceOf(KairosException.class)
        .hasMessage(
            """
            apply refused: 2 breaking changes could break models and online reads that use the current definitions:
              ~ source transactions: field country STRING -> BYTES  [breaking: type of an existing field]
              ~ view user_stats: feature country STRING -> BYTES  [breaking: type of an existing feature]
            run apply again with --allow-breaking to apply them anyway""")
        .extracting(e -> ((KairosException) e).kind())
        .isEqualTo(ErrorKind.USER);
    assertThat(r.history()).hasSize(1);
    ApplyResult applied = r.apply(next, true);
    assertThat(applied.render())
        .isEqualTo("Applied registry version 2 (0 added, 2 changed, 0 removed, 2 breaking).");
    assertThat(r.current()).contains(next);
  }

  @Test
  void removingAFeatureAServiceUses_isBreaking_butAnUnusedOneIsNot() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Plan unused =
        r.plan(base("      - {name: country, type: STRING}\nfeature_services", "feature_services"));
    assertThat(unused.hasBreakingChanges()).isFalse();
    Plan used =
        r.plan(
            defs(
                BASE.replace(
                        "      - {name: amount, type: DOUBLE}\n      - {name: country",
                        "      - {name: country")
                    .replace("[user_stats:amount]", "[user_stats:country]")));
    assertThat(used.breakingLines())
        .containsExactly(
            "~ view user_stats: - feature amount DOUBLE  [breaking: used by feature service 'fraud_v1']");
  }

  @Test
  void removingAViewAServiceUses_isBreaking() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    String withoutView = BASE.substring(0, BASE.indexOf("feature_views:"));
    Plan plan = r.plan(defs(withoutView));
    assertThat(plan.render())
        .isEqualTo(
            """
            - view user_stats  [breaking: used by feature service 'fraud_v1']
            - service fraud_v1
            Plan: 0 to add, 0 to change, 2 to remove, 1 breaking.
            """);
  }

  @Test
  void changingAnEntitysJoinKeysOrType_isBreaking() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next =
        defs(
            BASE.replace("value_type: INT64", "value_type: STRING")
                .replace("{name: user_id, type: INT64}", "{name: user_id, type: STRING}"));
    assertThat(r.plan(next).breakingLines())
        .containsExactly(
            "~ entity user: value_type INT64 -> STRING  [breaking: changes the type of its join keys]",
            "~ source transactions: field user_id INT64 -> STRING  [breaking: type of an existing field]");
  }

  @Test
  void plan_hasAJsonForm() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Plan plan = r.plan(defs(BASE.replace("ttl: 7d", "ttl: 1d")));
    assertThat(plan.toJson())
        .isEqualTo(
            """
            {
              "base_version" : 1,
              "breaking" : false,
              "changes" : [ {
                "action" : "change",
                "kind" : "view",
                "name" : "user_stats",
                "breaking" : false,
                "fields" : [ {
                  "field" : "ttl",
                  "before" : "7d",
                  "after" : "1d",
                  "breaking" : false
                } ]
              } ]
            }""");
  }

  @Test
  void definitionsJson_roundTripsExactly() {
    Definitions d =
        defs(
            BASE.replace(
                    "ttl: 7d",
                    "ttl: 1d12h\n    online: false\n    tags: {team: risk, tier: gold}\n    owner: me")
                .replace(
                    "timestamp_field: event_timestamp",
                    "timestamp_field: event_timestamp\n    validation: suites/t.json"));
    String json = DefinitionsJson.write(d);
    assertThat(DefinitionsJson.read(json)).isEqualTo(d);
    assertThat(DefinitionsJson.write(DefinitionsJson.read(json))).isEqualTo(json);
  }

  @Test
  void definitionsJson_rendersSingleObjects() {
    Definitions d = defs(BASE);
    assertThat(DefinitionsJson.pretty(DefinitionsJson.toJson(d.entity("user").orElseThrow())))
        .isEqualTo(
            """
            {
              "name" : "user",
              "join_keys" : [ "user_id" ],
              "value_type" : "INT64",
              "description" : ""
            }
            """);
    assertThat(DefinitionsJson.toJson(d.service("fraud_v1").orElseThrow()).toString())
        .isEqualTo(
            "{\"name\":\"fraud_v1\",\"features\":[\"user_stats:amount\"],\"description\":\"\"}");
  }

  @Test
  void history_keepsEveryVersion_andOldVersionsStayReadable() {
    Registry r = registry();
    r.apply(defs(BASE), false);
    Definitions next = defs(BASE.replace("ttl: 7d", "ttl: 1d"));
    r.apply(next, false);
    assertThat(r.history()).extracting(RegistryVersion::version).containsExactly(1L, 2L);
    assertThat(r.at(1)).isEqualTo(defs(BASE));
    assertThat(r.at(2)).isEqualTo(next);
    assertThatThrownBy(() -> r.at(3)).hasMessage("registry version 3 does not exist");
  }

  @Test
  void concurrentAppliesThroughOneRegistry_exactlyOneWinsEachVersion() throws Exception {
    Registry r = registry();
    raceApplies(r, r);
  }

  @Test
  void concurrentAppliesThroughTwoRegistriesOnOneFolder_exactlyOneWinsEachVersion()
      throws Exception {
    raceApplies(registry(), registry());
  }

  /**
   * Two applies race each round. Either one wins and the other gets CONFLICT, or (when one finished
   * before the other began) both win one after the other; never neither, and every win is its own
   * version: no lost update, no gap, no version written twice.
   */
  private void raceApplies(Registry a, Registry b) throws Exception {
    int rounds = 10;
    long wins = 0;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier barrier = new CyclicBarrier(2);
    try {
      for (int i = 0; i < rounds; i++) {
        Definitions da = defs(BASE.replace("ttl: 7d", "ttl: " + (2 * i + 1) + "h"));
        Definitions db = defs(BASE.replace("ttl: 7d", "ttl: " + (2 * i + 2) + "h"));
        Future<Boolean> fa = pool.submit(() -> applyAfter(barrier, a, da));
        Future<Boolean> fb = pool.submit(() -> applyAfter(barrier, b, db));
        boolean wonA = fa.get(30, TimeUnit.SECONDS);
        boolean wonB = fb.get(30, TimeUnit.SECONDS);
        assertThat(wonA || wonB).as("round %d: some apply wins", i).isTrue();
        wins += (wonA ? 1 : 0) + (wonB ? 1 : 0);
        long head = a.history().get(a.history().size() - 1).version();
        assertThat(a.at(head)).as("round %d: head holds a winner", i).isIn(da, db);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Long> versions =
        new ArrayList<>(a.history().stream().map(RegistryVersion::version).toList());
    assertThat(versions)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, wins).boxed().toList());
  }

  private static boolean applyAfter(CyclicBarrier barrier, Registry r, Definitions d)
      throws Exception {
    barrier.await(30, TimeUnit.SECONDS);
    try {
      return r.apply(d, false).changed();
    } catch (KairosException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
      assertThat(e).hasMessageEndingWith("; plan again and retry");
      return false;
    }
  }

  @Test
  void definitionsOfAnotherProject_areRefused() {
    Definitions other = DefinitionsLoader.parse("shop", "features/f.yaml", BASE);
    assertThatThrownBy(() -> registry().plan(other))
        .hasMessage("definitions belong to project 'shop' but this registry holds project 'fraud'");
  }
}
