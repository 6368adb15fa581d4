package dev.kairos.cli.commands;

import dev.kairos.api.OnlineResult;
import dev.kairos.core.io.ValueText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an online lookup: one object per entity row, {@code {"entity": {join key:
 * value}, "features": {name: {value, status, event_timestamp, age_seconds}}}}.
 */
final class OnlineJson {
  private OnlineJson() {}

  /**
   * @param keys how many leading result columns are join keys
   */
  static List<Map<String, Object>> render(OnlineResult r, int keys, Instant now) {
    int rows = r.columns().isEmpty() ? 0 : r.columns().get(0).values().length;
    List<Map<String, Object>> out = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      Map<String, Object> entity = new LinkedHashMap<>();
      Map<String, Object> features = new LinkedHashMap<>();
      for (int c = 0; c < r.columns().size(); c++) {
        OnlineResult.Column col = r.columns().get(c);
        Object v = json(col.values()[row]);
        if (c < keys) {
          entity.put(r.names().get(c), v);
          continue;
        }
        Instant ts = col.eventTimestamps()[row];
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", v);
        f.put("status", col.statuses()[row].name());
        f.put("event_timestamp", ts == null ? null : ts.toString());
        f.put("age_seconds", ts == null ? null : Duration.between(ts, now).getSeconds());
        features.put(r.names().get(c), f);
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("entity", entity);
      item.put("features", features);
      out.add(item);
    }
    return out;
  }

  private static Object json(Object v) {
    return v == null || v instanceof Number || v instanceof Boolean ? v : ValueText.format(v);
  }
}
