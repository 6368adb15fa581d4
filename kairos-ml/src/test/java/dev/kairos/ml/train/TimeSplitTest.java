package dev.kairos.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.ml.train.TimeSplit.Part;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  static Instant t(int s) {
    return Instant.ofEpochSecond(1_700_000_000L + s);
  }

  @Test
  void fractions_cutByTime_notByFileOrder() {
    Instant[] times = new Instant[10];
    for (int i = 0; i < 10; i++) {
      times[i] = t(9 - i); // newest first in the file
    }
    Part[] p = TimeSplit.parse("0.6,0.2,0.2").assign(times);
    assertThat(p)
        .containsExactly(
            Part.TEST,
            Part.TEST,
            Part.VALIDATION,
            Part.VALIDATION,
            Part.TRAIN,
            Part.TRAIN,
            Part.TRAIN,
            Part.TRAIN,
            Part.TRAIN,
            Part.TRAIN);
  }

  @Test
  void fractions_rowsSharingACutTime_allGoToTheLaterSplit() {
    Instant[] times = {t(0), t(1), t(2), t(2), t(2), t(3), t(4), t(5), t(6), t(7)};
    Part[] p = TimeSplit.parse("0.3,0.3,0.4").assign(times);
    assertThat(p)
        .containsExactly(
            Part.TRAIN,
            Part.TRAIN,
            Part.VALIDATION,
            Part.VALIDATION,
            Part.VALIDATION,
            Part.VALIDATION,
            Part.TEST,
            Part.TEST,
            Part.TEST,
            Part.TEST);
  }

  @Test
  void cutTimes_trainBeforeTheFirst_testFromTheSecond() {
    Instant[] times = {t(0), t(10), t(20), t(30)};
    Part[] p = TimeSplit.parse(t(10) + "," + t(30)).assign(times);
    assertThat(p).containsExactly(Part.TRAIN, Part.VALIDATION, Part.VALIDATION, Part.TEST);
  }

  @Test
  void parse_rejectsFractionsNotAddingUpToOne() {
    assertThatThrownBy(() -> TimeSplit.parse("0.7,0.2,0.2"))
        .hasMessage(
            "--split '0.7,0.2,0.2': the three fractions must be positive and add up to 1; write"
                + " train,validation,test fractions of the rows by time (default 0.7,0.15,0.15) or"
                + " two cut times VALIDATION_FROM,TEST_FROM such as"
                + " 2026-01-20T00:00:00Z,2026-01-25T00:00:00Z");
  }

  @Test
  void parse_rejectsCutTimesOutOfOrder_andGarbage() {
    assertThatThrownBy(() -> TimeSplit.parse("2026-01-25T00:00:00Z,2026-01-20T00:00:00Z"))
        .hasMessageStartingWith(
            "--split '2026-01-25T00:00:00Z,2026-01-20T00:00:00Z': the validation cut must come"
                + " before the test cut;");
    assertThatThrownBy(() -> TimeSplit.parse("half"))
        .hasMessageStartingWith("--split 'half': give three fractions or two times;");
  }
}
