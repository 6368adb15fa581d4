package dev.kairos.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {
  @Test
  void bootstrapServers_optionWins_thenEnvironment_thenLocalDefault() {
    Map<String, String> env = Map.of("KAIROS_KAFKA_BOOTSTRAP", "k1:9092,k2:9092");

    assertThat(KafkaTopics.bootstrapServers("127.0.0.1:19092", env)).isEqualTo("127.0.0.1:19092");
    assertThat(KafkaTopics.bootstrapServers(null, env)).isEqualTo("k1:9092,k2:9092");
    assertThat(KafkaTopics.bootstrapServers(null, Map.of())).isEqualTo("127.0.0.1:9092");
    assertThat(KafkaTopics.bootstrapServers(" ", Map.of("KAIROS_KAFKA_BOOTSTRAP", "")))
        .isEqualTo("127.0.0.1:9092");
  }
}
