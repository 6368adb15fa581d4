package dev.kairos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.api.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedFeaturesTest {
  private static Definitions defs(String... features) {
    List<Field> fields =
        java.util.Arrays.stream(features).map(f -> new Field(f, ValueType.INT64)).toList();
    FeatureView view =
        new FeatureView(
            "stats", List.of("user"), "src", Duration.ZERO, fields, true, Map.of(), "", "");
    return new Definitions(
        "p",
        List.of(new Entity("user", List.of("user_id"), ValueType.INT64, "")),
        List.of(new Source("src", "src", fields, "ts", null, null, null)),
        List.of(view),
        List.of(new FeatureService("svc", List.of(new FeatureRef("stats", "*")), "")));
  }

  @Test
  void of_expandsWildcards_andListsTheJoinKeysWithTheViewNeedingThem() {
    ResolvedFeatures r = ResolvedFeatures.of(defs("a", "b"), List.of(new FeatureRef("stats", "*")));

    assertThat(r.refs())
        .containsExactly(new FeatureRef("stats", "a"), new FeatureRef("stats", "b"));
    assertThat(r.joinKeys()).containsOnlyKeys("user_id");
    assertThat(r.joinKeys().get("user_id").view()).isEqualTo("stats");
    assertThat(r.joinKeys().get("user_id").field().type()).isEqualTo(ValueType.INT64);
  }

  @Test
  void of_withARequestTimeFeature_listsItsRequestFields_andEveryJoinKeyAsOptional() {
    Definitions plain = defs("a");
    Definitions d =
        new Definitions(
            plain.project(),
            plain.entities(),
            plain.sources(),
            plain.views(),
            plain.services(),
            List.of(
                new OnDemandFeatureView(
                    "txn",
                    List.of(new Field("amount", ValueType.DOUBLE)),
                    List.of(
                        new OnDemandFeatureView.ExpressionFeature(
                            "big", ValueType.BOOL, "request.amount > stats.a")),
                    "")));

    ResolvedFeatures r = ResolvedFeatures.of(d, List.of(new FeatureRef("txn", "*")));

    assertThat(r.refs()).containsExactly(new FeatureRef("txn", "big"));
    assertThat(r.requestFields()).containsOnlyKeys("amount");
    assertThat(r.joinKeys()).containsOnlyKeys("user_id");
    assertThat(r.joinKeys().get("user_id").required()).isFalse();
  }

  @Test
  void byService_resolvesOncePerDefinitions_andAgainAfterAReload() {
    ResolvedFeatures.ByService cache = new ResolvedFeatures.ByService();
    Definitions first = defs("a");
    List<FeatureRef> wildcard = first.requireService("svc").features();

    ResolvedFeatures once = cache.get(first, "svc", wildcard);
    assertThat(cache.get(first, "svc", wildcard)).isSameAs(once);

    Definitions reloaded = defs("a", "b");
    assertThat(cache.get(reloaded, "svc", wildcard).refs())
        .containsExactly(new FeatureRef("stats", "a"), new FeatureRef("stats", "b"));
  }
}
