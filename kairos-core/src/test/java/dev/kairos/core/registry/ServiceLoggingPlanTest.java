package dev.kairos.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceLoggingPlanTest {
  private static Definitions with(double rate) {
    return new Definitions(
        "fraud",
        List.of(),
        List.of(),
        List.of(),
        List.of(new FeatureService("svc", List.of(new FeatureRef("v", "*")), "", rate)),
        List.of());
  }

  @Test
  void changedSampleRate_isANonBreakingChange() {
    Plan plan = Planner.plan(with(0.0), with(0.5), 1);
    assertThat(plan.changes()).hasSize(1);
    assertThat(plan.changes().get(0).breaking()).isFalse();
    assertThat(String.join("\n", plan.changes().get(0).lines()))
        .contains("logging.sample_rate")
        .contains("0.5");
  }

  @Test
  void sameSampleRate_isNoChange() {
    assertThat(Planner.plan(with(0.25), with(0.25), 1).changes()).isEmpty();
  }
}
