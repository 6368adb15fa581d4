package dev.kairos.core.definitions;

import static dev.kairos.core.definitions.DefinitionsLoaderTest.assertFails;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.parse;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.core.registry.DefinitionsJson;
import org.junit.jupiter.api.Test;

/** The {@code logging:} block of a feature service: default, value, mistakes, round trip. */
class ServiceLoggingDefinitionsTest {
  private static final String NAME = "  - name: fraud_v1\n";

  static String logging(String block) {
    return with(NAME, NAME + "    logging: " + block + "\n");
  }

  @Test
  void serviceWithoutLogging_logsNothing_andKeepsItsStoredForm() {
    Definitions d = parse(DefinitionsLoaderTest.BASE);
    assertThat(d.service("fraud_v1").orElseThrow().logSampleRate()).isZero();
    assertThat(DefinitionsJson.write(d)).doesNotContain("logging");
  }

  @Test
  void sampleRate_isRead_andSurvivesTheRegistryRoundTrip() {
    Definitions d = parse(logging("{sample_rate: 0.25}"));
    assertThat(d.service("fraud_v1").orElseThrow().logSampleRate()).isEqualTo(0.25);
    assertThat(DefinitionsJson.read(DefinitionsJson.write(d))).isEqualTo(d);
  }

  @Test
  void sampleRateOutsideZeroToOne_isAUserErrorAtItsPosition() {
    assertFails(
        logging("{sample_rate: 1.5}"),
        "features/fraud.yaml:25:28: sample_rate of feature service 'fraud_v1' must be a number from 0.0 (log nothing) to 1.0 (log every request), not '1.5'");
    assertFails(
        logging("{sample_rate: often}"),
        "features/fraud.yaml:25:28: sample_rate of feature service 'fraud_v1' must be a number from 0.0 (log nothing) to 1.0 (log every request), not 'often'");
  }

  @Test
  void unknownKeyAndMissingRate_sayWhatToWrite() {
    assertFails(
        logging("{rate: 0.5}"),
        "features/fraud.yaml:25:14: logging of feature service 'fraud_v1' is missing required key 'sample_rate' (the share of entity keys to log, 0.0 to 1.0)\n"
            + "features/fraud.yaml:25:15: unknown key 'rate' in logging of feature service 'fraud_v1'; valid keys: sample_rate");
  }
}
