package dev.kairos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feast.FeastClient;
import dev.feast.Row;
import feast.proto.serving.ServingAPIProto.FieldStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Feast's own Java client (dev.feast:feast-serving-client 0.38.0), used unchanged. */
class FeastClientIT {
  private static KairosServer server;
  private static FeastClient client;

  @BeforeAll
  static void start() {
    server = TestData.server();
    client = FeastClient.create("127.0.0.1", server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.stop();
  }

  @Test
  void getFeastServingInfo_reportsTheKairosVersion() {
    assertThat(client.getFeastServingInfo().getVersion()).isEqualTo("kairos-0.1.0");
  }

  @Test
  void getOnlineFeatures_returnsValuesAndStatusesPerEntityRow() {
    List<Row> rows =
        client.getOnlineFeatures(
            List.of("user_stats:age", "user_stats:score", "user_stats:name", "user_risk:risk"),
            List.of(
                Row.create().set("user_id", 1001L),
                Row.create().set("user_id", 1002L),
                Row.create().set("user_id", 1003L),
                Row.create().set("user_id", 1004L)),
            "shop");

    assertThat(rows).hasSize(4);
    Row ada = rows.get(0);
    assertThat(ada.getLong("user_id")).isEqualTo(1001L);
    assertThat(ada.getInt("age")).isEqualTo(36);
    assertThat(ada.getDouble("score")).isEqualTo(0.75);
    assertThat(ada.getString("name")).isEqualTo("Ada");
    assertThat(ada.getDouble("risk")).isEqualTo(0.1);
    assertThat(ada.getStatus("age")).isEqualTo(FieldStatus.PRESENT);
    assertThat(ada.getStatus("risk")).isEqualTo(FieldStatus.PRESENT);

    assertThat(rows.get(1).getStatus("name")).isEqualTo(FieldStatus.NULL_VALUE);
    assertThat(rows.get(1).getStatus("age")).isEqualTo(FieldStatus.PRESENT);
    assertThat(rows.get(2).getStatus("age")).isEqualTo(FieldStatus.OUTSIDE_MAX_AGE);
    assertThat(rows.get(3).getStatus("age")).isEqualTo(FieldStatus.NOT_FOUND);
    assertThat(rows.get(3).getStatus("risk")).isEqualTo(FieldStatus.NOT_FOUND);
  }

  @Test
  void getOnlineFeatures_acceptsInt32KeysForAnInt64JoinKey() {
    List<Row> rows =
        client.getOnlineFeatures(
            List.of("user_stats:visits"), List.of(Row.create().set("user_id", 1001)), "shop");

    assertThat(rows.get(0).getLong("visits")).isEqualTo(12L);
  }

  @Test
  void getOnlineFeatures_rejectsAnUnknownFeature_withInvalidArgumentNamingIt() {
    assertThatThrownBy(
            () ->
                client.getOnlineFeatures(
                    List.of("user_stats:height"),
                    List.of(Row.create().set("user_id", 1001L)),
                    "shop"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "unknown feature 'height' in view 'user_stats'; its features: age, score,"
                          + " ratio, name, active, visits, tags, last_seen");
            });
  }
}
