package dev.kairos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentIndexTest {
  @Test
  void telemetryLeak_onlyWhenBothVariablesAreSetToSomethingElseThanTrue() {
    assertThat(DocumentIndex.telemetryLeak(Map.of())).isNull();
    assertThat(DocumentIndex.telemetryLeak(Map.of("OPT_OUT_TRACKING", ""))).isNull();
    assertThat(DocumentIndex.telemetryLeak(Map.of("OPT_OUT_TRACKING", "", "DJL_OFFLINE", "true")))
        .isNull();
    assertThat(DocumentIndex.telemetryLeak(Map.of("OPT_OUT_TRACKING", "true", "DJL_OFFLINE", "0")))
        .isNull();
    assertThat(DocumentIndex.telemetryLeak(Map.of("OPT_OUT_TRACKING", "", "DJL_OFFLINE", "no")))
        .isEqualTo(
            "the environment sets OPT_OUT_TRACKING='' and DJL_OFFLINE='no', which would let the"
                + " tokenizer library (DJL) send telemetry to a cloud address; set either to true"
                + " or unset it (the kairos launcher sets both)");
  }
}
