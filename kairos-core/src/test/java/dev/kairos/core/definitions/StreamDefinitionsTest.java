package dev.kairos.core.definitions;

import static dev.kairos.core.definitions.DefinitionsLoaderTest.assertFails;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.parse;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.api.StreamSettings;
import dev.kairos.core.registry.DefinitionsJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code stream:} block of a source: defaults, every mistake at its position, round trip. */
class StreamDefinitionsTest {
  private static final String TS = "    timestamp_field: event_timestamp\n";

  private static String stream(String block) {
    return with(TS, TS + "    stream:\n" + block);
  }

  @Test
  void stream_takesDefaults_forFormatLatenessAndDeadLetterTopic() {
    Definitions d = parse(stream("      topic: txns\n      key: user_id\n"));
    StreamSettings s = d.source("transactions").orElseThrow().streaming().orElseThrow();
    assertThat(s)
        .isEqualTo(
            new StreamSettings("txns", "json", "user_id", Duration.ofMinutes(5), "txns.dlq"));
  }

  @Test
  void stream_readsEveryKey_andSurvivesTheRegistryRoundTrip() {
    Definitions d =
        parse(
            stream(
                "      topic: txns\n      key: user_id\n      format: json\n"
                    + "      allowed_lateness: 30s\n      dead_letter_topic: bad-txns\n"));
    StreamSettings s = d.source("transactions").orElseThrow().streaming().orElseThrow();
    assertThat(s.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.deadLetterTopic()).isEqualTo("bad-txns");
    String json = DefinitionsJson.write(d);
    assertThat(json).contains("\"format\" : 2");
    assertThat(DefinitionsJson.read(json)).isEqualTo(d);
  }

  @Test
  void sourceWithoutStream_hasNone_andStaysFormat1() {
    Definitions d = parse(DefinitionsLoaderTest.BASE);
    assertThat(d.source("transactions").orElseThrow().streaming()).isEmpty();
    assertThat(DefinitionsJson.write(d)).contains("\"format\" : 1");
  }

  @Test
  void everyMistake_isReportedAtItsPosition_allAtOnce() {
    assertFails(
        stream(
            "      topic: txns/all\n      key: userid\n      format: avro\n"
                + "      allowed_lateness: 30d\n      partitions: 3\n"),
        "features/fraud.yaml:9:14: topic 'txns/all' is not a valid Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'\n"
            + "features/fraud.yaml:10:12: key 'userid' of stream of source 'transactions' is not a field of the source; did you mean 'user_id'?\n"
            + "features/fraud.yaml:11:15: format 'avro' of stream of source 'transactions' is not supported; the one format is json\n"
            + "features/fraud.yaml:12:25: allowed_lateness '30d' of stream of source 'transactions' must be a duration from 0 to 7d, like 30s, 5m or 1h\n"
            + "features/fraud.yaml:13:7: unknown key 'partitions' in stream of source 'transactions'; valid keys: topic, key, format, allowed_lateness, dead_letter_topic");
  }

  @Test
  void missingTopicAndKey_sayWhatToWrite() {
    assertFails(
        stream("      format: json\n"),
        "features/fraud.yaml:9:7: stream of source 'transactions' is missing required key 'key' (the field producers key records by, such as user_id)\n"
            + "features/fraud.yaml:9:7: stream of source 'transactions' is missing required key 'topic' (the Kafka topic, such as transactions)");
  }

  @Test
  void deadLetterTopic_cannotBeTheTopic() {
    assertFails(
        stream("      topic: txns\n      key: user_id\n      dead_letter_topic: txns\n"),
        "features/fraud.yaml:11:26: dead_letter_topic of stream of source 'transactions' is the topic itself; name another topic");
  }
}
