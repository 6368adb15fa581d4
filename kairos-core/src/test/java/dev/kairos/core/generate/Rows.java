package dev.kairos.core.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Generated rows as typed records, for assertions. */
record Rows(List<Tx> all) {
  record Tx(
      String transactionId,
      long userId,
      long merchantId,
      String category,
      double amount,
      String currency,
      String country,
      String deviceId,
      Instant event,
      Instant created,
      int fraud) {
    static Tx of(Object[] row) {
      return new Tx(
          (String) row[0],
          (Long) row[1],
          (Long) row[2],
          (String) row[3],
          (Double) row[4],
          (String) row[5],
          (String) row[6],
          (String) row[7],
          (Instant) row[8],
          (Instant) row[9],
          (Integer) row[10]);
    }

    boolean isFraud() {
      return fraud == 1;
    }
  }

  static Rows of(GeneratorConfig config) {
    List<Tx> rows = new ArrayList<>();
    new FraudGenerator(config).generate(row -> rows.add(Tx.of(row)));
    return new Rows(List.copyOf(rows));
  }

  static List<Object[]> raw(GeneratorConfig config) {
    List<Object[]> rows = new ArrayList<>();
    new FraudGenerator(config).generate(rows::add);
    return rows;
  }
}
