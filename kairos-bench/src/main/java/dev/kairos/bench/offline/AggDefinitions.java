package dev.kairos.bench.offline;

/** Definitions the online aggregation benchmark shares with the offline one. */
public final class AggDefinitions {
  private AggDefinitions() {}

  /**
   * The offline benchmark's aggregation views plus plain views of 9 + 6 + 6 = 21 features on the
   * same entities, a service {@code agg} (21 aggregations) and a service {@code plain} (21 plain
   * features).
   */
  public static final String SERVING =
      AggRepo.DEFINITIONS.substring(0, AggRepo.DEFINITIONS.indexOf("feature_services:"))
          + """
            - name: merchant_last_transaction
              entities: [merchant]
              source: transactions
              ttl: 30d
              features:
                - {name: amount, type: DOUBLE}
                - {name: merchant_category, type: STRING}
                - {name: country, type: STRING}
                - {name: currency, type: STRING}
                - {name: device_id, type: STRING}
                - {name: user_id, type: INT64}
            - name: device_last_transaction
              entities: [device]
              source: transactions
              ttl: 30d
              features:
                - {name: amount, type: DOUBLE}
                - {name: merchant_category, type: STRING}
                - {name: country, type: STRING}
                - {name: currency, type: STRING}
                - {name: merchant_id, type: INT64}
                - {name: user_id, type: INT64}
          feature_services:
            - name: agg
              features: ["user_windows:*", "merchant_windows:*", "device_windows:*"]
            - name: plain
              features: ["user_last_transaction:*", "merchant_last_transaction:*", "device_last_transaction:*"]
          """;
}
