package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.kafka.broker.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code kairos stream} says before it consumes anything when it cannot start. */
class StreamCliIT {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void unreachableBroker_exitsThree_namingTheServersAndWhatToCheck() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    StreamFixture.init(dir, "down", "127.0.0.1:" + closed, "");
    Path repo = dir.resolve("down");
    ok(repo, "apply");
    KairosProcess.Result r = expect(3, repo, "stream", "--metrics-port", "-1");
    assertThat(r.stderr())
        .startsWith("error: Kafka at 127.0.0.1:" + closed + " is unavailable (")
        .contains(
            "check that a broker runs there (kairos kafka starts one) and that"
                + " kafka.bootstrap_servers in kairos.yaml names it");
    assertNoStackTrace(r);
  }

  @Test
  void missingTopic_exitsTwo_namingItBeforeConsumingAnything() throws Exception {
    StreamFixture.init(dir, "notopic", kafka.bootstrapServers(), "");
    Path repo = dir.resolve("notopic");
    ok(repo, "apply");
    KairosProcess.Result r = expect(2, repo, "stream", "--metrics-port", "-1");
    assertThat(r.stderr())
        .isEqualTo(
            "error: topic 'transactions' of source 'transactions' does not exist on "
                + kafka.bootstrapServers()
                + "; create it (kairos replay creates it, or kafka-topics --create) or fix"
                + " stream.topic in the definitions\n");
  }

  @Test
  void unknownView_exitsTwo_listingTheViewsOfTheSource() throws Exception {
    StreamFixture.init(dir, "views", kafka.bootstrapServers(), "");
    Path repo = dir.resolve("views");
    ok(repo, "apply");
    KairosProcess.Result r =
        expect(2, repo, "stream", "--source", "transactions", "--views", "user_txn_windowz");
    assertThat(r.stderr())
        .startsWith(
            "error: view 'user_txn_windowz' is not an online view of source 'transactions'; the"
                + " stream updates: ");
  }
}
