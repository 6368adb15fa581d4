package dev.kairos.ml.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits metrics, params and tags into {@code runs/log-batch} bodies within MLflow's documented
 * limits. Each type keeps its order across the bodies, which is what MLflow guarantees to preserve
 * within one request.
 */
final class LogBatches {
  /** MLflow's MAX_METRICS_PER_BATCH. */
  static final int MAX_METRICS = 1000;

  /** MLflow's MAX_PARAMS_TAGS_PER_BATCH, for params. */
  static final int MAX_PARAMS = 100;

  /** MLflow's MAX_PARAMS_TAGS_PER_BATCH, for tags. */
  static final int MAX_TAGS = 100;

  /** MLflow's MAX_ENTITIES_PER_BATCH: metrics, params and tags together. */
  static final int MAX_ITEMS = 1000;

  /**
   * MLflow rejects a log-batch body over 1,000,000 bytes (MAX_BATCH_LOG_REQUEST_SIZE); 100 params
   * of 6000 characters and 100 tags of 5000 would exceed it, so bodies are also cut by size, with a
   * margin.
   */
  static final int MAX_BYTES = 900_000;

  private LogBatches() {}

  static List<ObjectNode> split(
      String runId,
      List<MlflowMetric> metrics,
      Map<String, String> params,
      Map<String, String> tags) {
    List<ObjectNode> m = new ArrayList<>(metrics.size());
    for (MlflowMetric x : metrics) {
      ObjectNode n = MlflowHttp.JSON.createObjectNode();
      n.put("key", x.key());
      n.put("value", x.value());
      n.put("timestamp", Long.toString(x.timestamp()));
      n.put("step", Long.toString(x.step()));
      m.add(n);
    }
    List<ObjectNode> p = keyValues(params);
    List<ObjectNode> t = keyValues(tags);
    List<ObjectNode> bodies = new ArrayList<>();
    int[] next = new int[3];
    while (next[0] < p.size() || next[1] < t.size() || next[2] < m.size()) {
      ObjectNode body = MlflowHttp.JSON.createObjectNode();
      body.put("run_id", runId);
      Budget budget = new Budget(MlflowHttp.bytes(body).length + 50);
      ArrayNode metricsArray = body.putArray("metrics");
      // Params and tags first: their per-request limits are the tight ones, and metrics then
      // fill what the total leaves: as few bodies as the count limits allow.
      next[0] = fill(body.putArray("params"), p, next[0], MAX_PARAMS, budget);
      next[1] = fill(body.putArray("tags"), t, next[1], MAX_TAGS, budget);
      next[2] = fill(metricsArray, m, next[2], MAX_METRICS, budget);
      bodies.add(body);
    }
    return bodies;
  }

  private static final class Budget {
    int bytes;
    int items;

    Budget(int bytes) {
      this.bytes = bytes;
    }
  }

  /** Moves items from {@code from[start..]} into {@code to} while every limit holds. */
  private static int fill(ArrayNode to, List<ObjectNode> from, int start, int max, Budget b) {
    int i = start;
    while (i < from.size() && to.size() < max && b.items < MAX_ITEMS) {
      int size = MlflowHttp.bytes(from.get(i)).length + 1;
      boolean first = b.items == 0; // one item always goes, so every body makes progress
      if (!first && b.bytes + size > MAX_BYTES) {
        break;
      }
      to.add(from.get(i));
      b.bytes += size;
      b.items++;
      i++;
    }
    return i;
  }

  private static List<ObjectNode> keyValues(Map<String, String> map) {
    List<ObjectNode> out = new ArrayList<>(map.size());
    map.forEach(
        (k, v) -> {
          ObjectNode n = MlflowHttp.JSON.createObjectNode();
          n.put("key", k);
          n.put("value", v);
          out.add(n);
        });
    return out;
  }
}
