package dev.kairos.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generated card events for stream tests: users keyed by id, merchants by text, nulls, duplicate
 * and tied timestamps, and an arrival order shuffled within a bound behind the event times.
 */
final class StreamCase {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One event as produced; {@code arrival} orders the produce calls. */
  record Event(
      long user,
      String merchant,
      Double amount,
      int qty,
      Instant ts,
      Instant created,
      long arrival) {
    byte[] json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("user_id", user);
      n.put("merchant_id", merchant);
      if (amount == null) {
        n.putNull("amount");
      } else {
        n.put("amount", amount);
      }
      n.put("qty", qty);
      n.put("event_timestamp", ts.toString());
      n.put("created_timestamp", created.toString());
      return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] key() {
      return Long.toString(user).getBytes(StandardCharsets.UTF_8);
    }
  }

  static String definitions(String table, String topic, String lateness) {
    return """
        entities:
          - {name: user, join_keys: [user_id], value_type: INT64}
          - {name: merchant, join_keys: [merchant_id], value_type: STRING}
        sources:
          - name: txn
            table: %s
            timestamp_field: event_timestamp
            created_timestamp_field: created_timestamp
            fields:
              - {name: user_id, type: INT64}
              - {name: merchant_id, type: STRING}
              - {name: amount, type: DOUBLE}
              - {name: qty, type: INT32}
              - {name: event_timestamp, type: TIMESTAMP}
              - {name: created_timestamp, type: TIMESTAMP}
            stream: {topic: %s, key: user_id, allowed_lateness: %s}
        feature_views:
          - name: user_latest
            entities: [user]
            source: txn
            features:
              - {name: merchant_id, type: STRING}
              - {name: amount, type: DOUBLE}
          - name: user_windows
            entities: [user]
            source: txn
            aggregations:
              - {column: amount, function: count, windows: [10m, 1h, 1d, lifetime]}
              - {column: amount, function: sum, windows: [1h, 1d]}
              - {column: amount, function: avg, windows: [1d]}
              - {column: amount, function: min, windows: [1h]}
              - {column: amount, function: max, windows: [1d]}
              - {column: amount, function: stddev, windows: [1d]}
              - {column: merchant_id, function: count_distinct, windows: [1h, 1d]}
              - {column: merchant_id, function: first, windows: [1d]}
              - {column: merchant_id, function: last, windows: [1d]}
              - {column: qty, function: sum, windows: [lifetime]}
              - {column: event_timestamp, function: last, windows: [1d], name: last_ts}
          - name: merchant_windows
            entities: [merchant]
            source: txn
            aggregations:
              - {column: amount, function: count, windows: [1h]}
              - {column: amount, function: sum, windows: [1d]}
              - {column: user_id, function: count_distinct, windows: [1d]}
        """
        .formatted(table, topic, lateness);
  }

  /**
   * Events of {@code users} users over the two days before {@code now}, in arrival order: each
   * arrives up to {@code maxDelay} after its event time, so none is more than that behind an event
   * produced before it.
   */
  static List<Event> generate(long seed, int users, int events, Instant now, Duration maxDelay) {
    Random r = new Random(seed);
    Instant start = now.minus(Duration.ofDays(2));
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      long user = 1 + r.nextInt(users);
      Instant ts;
      if (!out.isEmpty() && r.nextInt(10) == 0) {
        ts = out.get(r.nextInt(out.size())).ts(); // a tie with an earlier event
      } else {
        long micros = (long) (r.nextDouble() * Duration.ofDays(2).minusMinutes(1).toNanos() / 1000);
        ts = start.plusNanos((r.nextBoolean() ? micros - micros % 1_000_000 : micros) * 1000);
      }
      Instant created = r.nextInt(4) == 0 ? ts : ts.plusMillis(r.nextInt(5000));
      Double amount = r.nextInt(20) == 0 ? null : Math.round(r.nextDouble() * 50000) / 100.0;
      String merchant = "m" + r.nextInt(12);
      long delay = (long) (r.nextDouble() * maxDelay.toNanos());
      out.add(
          new Event(user, merchant, amount, r.nextInt(5), ts, created, micros(ts) * 1000 + delay));
    }
    out.sort(Comparator.comparingLong(Event::arrival));
    return out;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
