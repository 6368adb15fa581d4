package dev.kairos.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.init.RepoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository whose analytics settings are missing or wrong gets one clear message. */
class AnalyticsMessagesTest {
  static FeatureStore repo(Path dir, UnaryOperator<String> edit) throws Exception {
    RepoTemplate.write(dir);
    Path yaml = dir.resolve("kairos.yaml");
    Files.writeString(yaml, edit.apply(Files.readString(yaml)));
    FeatureStore fs = FeatureStore.open(dir, Clock.systemUTC(), Map.of());
    fs.apply(false);
    return fs;
  }

  @Test
  void of_withoutAnalyticsSection_showsOneToAdd(@TempDir Path dir) throws Exception {
    try (FeatureStore fs = repo(dir, y -> y.replaceAll("(?s)\nanalytics:\n.*?\n\n", "\n"))) {
      assertThatThrownBy(() -> Analytics.of(fs))
          .isInstanceOfSatisfying(
              KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
          .hasMessage(
              "no analytics section in kairos.yaml; add one like\n"
                  + "analytics:\n"
                  + "  source: transactions\n"
                  + "  amount: amount\n"
                  + "  currency: currency\n"
                  + "  category: merchant_category\n"
                  + "  country: country\n"
                  + "  label: is_fraud\n"
                  + "  user: user_id\n"
                  + "  merchant: merchant_id\n"
                  + "  device: device_id\n"
                  + "  transaction_id: transaction_id\n"
                  + "  reporting_currency: USD\n"
                  + "naming the source that holds the transactions and its fields");
    }
  }

  @Test
  void refresh_columnMissingOrOfTheWrongType_namesEachAndCreatesNothing(@TempDir Path dir)
      throws Exception {
    try (FeatureStore fs =
        repo(
            dir,
            y ->
                y.replace("  amount: amount\n", "  amount: amt\n")
                    .replace("  category: merchant_category\n", "  category: user_id\n"))) {
      assertThatThrownBy(() -> Analytics.of(fs).refresh(null))
          .isInstanceOfSatisfying(
              KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
          .hasMessage(
              "analytics.amount: source 'transactions' has no field 'amt' (its fields:"
                  + " transaction_id, user_id, merchant_id, merchant_category, amount, currency,"
                  + " country, device_id, event_timestamp, created_timestamp, is_fraud)\n"
                  + "analytics.category: field 'user_id' of source 'transactions' is INT64, but"
                  + " must be one of [STRING]\n"
                  + "fix the analytics section of kairos.yaml");
    }
  }

  @Test
  void refresh_unknownSource_namesTheAppliedOnes(@TempDir Path dir) throws Exception {
    try (FeatureStore fs =
        repo(dir, y -> y.replace("  source: transactions\n", "  source: payments\n"))) {
      assertThatThrownBy(() -> Analytics.of(fs).refresh(null))
          .hasMessage(
              "analytics source 'payments' in kairos.yaml is not an applied source (applied:"
                  + " transactions); fix analytics.source or run kairos apply");
    }
  }

  @Test
  void filter_invalidValues_areRejectedWithTheRule() {
    assertThatThrownBy(() -> new AnalyticsFilter(null, null, "x'; DROP TABLE t; --", null, 10))
        .hasMessage(
            "analytics filter: category 'x'; DROP TABLE t; --' is not a valid value; use up to 100"
                + " letters, digits, spaces or _.&'/-, or * for the totals");
    assertThatThrownBy(() -> new AnalyticsFilter(null, null, null, null, 0))
        .hasMessage("analytics filter: limit must be from 1 to 100000, not 0");
  }
}
