package dev.kairos.core.online;

import static dev.kairos.core.aggregate.AggregationFixtures.BASE;
import static dev.kairos.core.aggregate.AggregationFixtures.DEFS;
import static dev.kairos.core.aggregate.AggregationFixtures.RECENT;
import static dev.kairos.core.aggregate.AggregationFixtures.TXN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.EntityKey;
import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.FieldStatus;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.core.aggregate.AggregationFixtures.Ev;
import dev.kairos.core.aggregate.AggregationFixtures.EventLog;
import dev.kairos.core.aggregate.AggregationFixtures.MutableClock;
import dev.kairos.core.aggregate.AggregationLayout;
import dev.kairos.core.aggregate.AggregationState;
import dev.kairos.spi.OnlineRow;
import dev.kairos.testkit.InMemoryOnlineStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the serving engine reports aggregations whose state is missing, foreign or unreadable. */
class AggregationServingEngineTest {
  final InMemoryOnlineStore online = new InMemoryOnlineStore();
  final MutableClock clock = new MutableClock(BASE.plusSeconds(100));
  final OnlineServingEngine engine = new OnlineServingEngine(() -> DEFS, online, clock, 10);
  static final List<FeatureRef> REFS =
      RECENT.aggregations().stream().map(a -> new FeatureRef("recent", a.name())).toList();

  @Test
  void get_withAMissingJoinKey_namesTheUsersView_notTheHiddenStateView() {
    OnlineQuery query = new OnlineQuery(REFS, null, Map.of("driver_id", List.of("d1")), false);

    assertThatThrownBy(() -> engine.get(query))
        .isInstanceOf(KairosException.class)
        .hasMessage("missing join key 'user_id' needed by view 'recent'; given: driver_id");
  }

  @Test
  void get_ofAnEntityWithEventsOnlyOutsideEveryWindow_isPresentZeroAndNull() {
    new Materializer(
            DEFS,
            new EventLog(List.of(new Ev(1, BASE, null, 1, 1.0, 1, "a"))),
            online,
            new WatermarkRegistry(),
            clock)
        .materialize(BASE, BASE.plusSeconds(1), List.of("recent"), ProgressListener.NONE);

    OnlineResult r = engine.get(query(1L, 2L));

    assertThat(statuses(r, 0))
        .containsExactly(FieldStatus.PRESENT, FieldStatus.PRESENT, FieldStatus.NULL_VALUE);
    assertThat(values(r, 0)).containsExactly(0L, 0L, null);
    assertThat(statuses(r, 1)).containsOnly(FieldStatus.NOT_FOUND);
  }

  @Test
  void get_ofAStateWrittenForAnotherLayout_isNotFound() {
    AggregationLayout layout = AggregationLayout.of(RECENT, DEFS);
    AggregationLayout other = AggregationLayout.of(TXN, DEFS);
    byte[] foreign = AggregationState.empty(other).encode();
    online.multiPut(
        layout.storageView(),
        List.of(new OnlineRow(EntityKey.of(1L), new Object[] {foreign}, BASE, null)));

    assertThat(statuses(engine.get(query(1L)), 0)).containsOnly(FieldStatus.NOT_FOUND);
  }

  @Test
  void get_ofAnUnreadableState_failsAsInternal_namingTheViewAndEntity() {
    AggregationLayout layout = AggregationLayout.of(RECENT, DEFS);
    online.multiPut(
        layout.storageView(),
        List.of(new OnlineRow(EntityKey.of(1L), new Object[] {new byte[] {9}}, BASE, null)));

    assertThatThrownBy(() -> engine.get(query(1L)))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessage(
            "aggregation state of view 'recent' for "
                + EntityKey.of(1L)
                + " is unreadable: unknown aggregation state version 9; materialize the view"
                + " again");
  }

  private static OnlineQuery query(Object... users) {
    return new OnlineQuery(REFS, null, Map.of("user_id", List.of(users)), false);
  }

  private static List<FieldStatus> statuses(OnlineResult r, int row) {
    return r.columns().subList(1, r.columns().size()).stream().map(c -> c.statuses()[row]).toList();
  }

  private static List<Object> values(OnlineResult r, int row) {
    return r.columns().subList(1, r.columns().size()).stream()
        .map(c -> c.values()[row])
        .collect(Collectors.toList());
  }
}
