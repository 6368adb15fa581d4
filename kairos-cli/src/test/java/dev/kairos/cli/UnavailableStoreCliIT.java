package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.copyTree;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store configured on a port nobody listens on: exit 3, one clear line, no stack trace. */
class UnavailableStoreCliIT {
  @TempDir static Path dir;
  static int closedPort;
  static String template;

  @BeforeAll
  static void applyATemplate_andFindAClosedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ok(dir, "init", "template");
    ok(dir.resolve("template"), "apply");
    template = Files.readString(dir.resolve("template/kairos.yaml"));
  }

  /** A copy of the applied template whose kairos.yaml has {@code from} replaced by {@code to}. */
  private static Path repo(String name, String from, String to) throws Exception {
    Path repo = dir.resolve(name);
    copyTree(dir.resolve("template"), repo);
    assertThat(template).contains(from);
    Files.writeString(repo.resolve("kairos.yaml"), template.replace(from, to));
    return repo;
  }

  @Test
  void redisOnlineStore_onAClosedPort_exitsThree_whileDefinitionsStillWork() throws Exception {
    Path repo =
        repo(
            "redis",
            "online_store:\n  type: rocksdb\n  path: data/online",
            "online_store:\n  type: redis\n  url: redis://127.0.0.1:" + closedPort + "/0");
    for (String[] args :
        new String[][] {
          {"online", "--entity", "user_id=1", "--features", "user_last_transaction:amount"},
          {"materialize", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"}
        }) {
      KairosProcess.Result r = expect(3, repo, args);
      assertThat(r.stderr().lines().toList())
          .singleElement()
          .asString()
          .startsWith(
              "error: cannot connect to Redis at 127.0.0.1:" + closedPort + "/0 within 1000 ms");
      assertNoStackTrace(r);
    }
    assertThat(ok(repo, "list", "views").lines()).hasSize(6);
  }

  @Test
  void postgresOfflineStore_onAClosedPort_exitsThree_namingTheUrlAndTheFix() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres";
    Path repo =
        repo(
            "pg",
            "offline_store:\n  type: duckdb\n  path: data/offline.duckdb",
            "offline_store:\n  type: postgres\n  url: " + url);
    Files.writeString(
        repo.resolve("entities.csv"), "user_id,event_timestamp\n1,2026-01-01T00:00:00Z\n");

    KairosProcess.Result r =
        expect(
            3,
            repo,
            "historical",
            "--entities",
            "entities.csv",
            "--features",
            "user_last_transaction:amount",
            "--output",
            "out.csv");

    assertThat(r.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("error: offline store: cannot reach PostgreSQL at " + url + ": ")
        .contains("refused")
        .endsWith("; start PostgreSQL or fix offline_store.url in kairos.yaml");
    assertNoStackTrace(r);
    assertThat(repo.resolve("out.csv")).doesNotExist();
  }

  @Test
  void duckDbOfflineStore_heldByAnotherProcess_exitsThree_sayingWhatToDo() throws Exception {
    Path repo = dir.resolve("locked");
    copyTree(dir.resolve("template"), repo);
    Files.writeString(
        repo.resolve("entities.csv"), "user_id,event_timestamp\n1,2026-01-01T00:00:00Z\n");
    Path file = repo.resolve("data/offline.duckdb");
    // This JVM holds the file, as a running kairos serve or kairos stream would.
    try (Connection held = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath())) {
      KairosProcess.Result r =
          expect(
              3,
              repo,
              "historical",
              "--entities",
              "entities.csv",
              "--features",
              "user_last_transaction:amount",
              "--output",
              "out.csv");
      assertThat(r.stderr().lines().toList())
          .singleElement()
          .asString()
          .startsWith("error: offline store: cannot open DuckDB file ")
          .contains("lock")
          .endsWith(
              "; one process at a time may open an embedded DuckDB store: stop the other one (a"
                  + " running 'kairos serve' or 'kairos stream'?) and run this again, or use"
                  + " PostgreSQL (offline_store: {type: postgres}) to share the offline store"
                  + " between processes");
      assertNoStackTrace(r);
      assertThat(repo.resolve("out.csv")).doesNotExist();
    }
  }

  @Test
  void postgresRegistry_onAClosedPort_exitsThree() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres";
    Path repo =
        repo(
            "pgregistry",
            "registry:\n  type: file\n  path: data/registry",
            "registry:\n  type: postgres\n  url: " + url);

    KairosProcess.Result r = expect(3, repo, "plan");

    assertThat(r.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("error: PostgreSQL registry at " + url + " is unavailable: ")
        .endsWith("; start PostgreSQL or fix registry.url in kairos.yaml");
    assertNoStackTrace(r);
  }
}
