package dev.kairos.store.redis;

import dev.kairos.api.KairosException;
import dev.kairos.store.redis.ViewCodecs.Chunk;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Sends the compare-and-set script calls of one {@code multiPutIfUnchanged}, pipelined, and gathers
 * their per-row answers. A call refused with NOSCRIPT (Redis restarted or flushed its scripts) ran
 * nothing, so only those calls are sent again after the script is loaded: calls that ran must not
 * be sent twice, since the second time their rows no longer match their expected values and would
 * be reported refused although they were written.
 */
final class CasCalls {
  private CasCalls() {}

  /** Where the calls go: the standalone or the cluster connection. */
  interface Target {
    RedisFuture<List<Object>> send(Chunk chunk);

    /** Sends what was queued (the standalone writer does not flush on its own). */
    void flush();

    /** Loads the scripts again, after a NOSCRIPT answer. */
    void reload();
  }

  /** One script call: its rows' positions in the batch, and its encoded keys and arguments. */
  record Call(int[] rows, Chunk chunk) {}

  /**
   * @param window at most this many calls unanswered at once
   * @param flushEvery flush after this many calls
   * @return per row of the batch, whether it was written
   */
  static List<Boolean> run(
      List<Call> calls,
      int rowCount,
      int window,
      int flushEvery,
      Target target,
      long timeoutMs,
      String context) {
    Boolean[] written = new Boolean[rowCount];
    List<Call> pending = calls;
    for (int attempt = 0; ; attempt++) {
      List<Call> noScript = new ArrayList<>();
      Deque<Sent> inFlight = new ArrayDeque<>();
      int sent = 0;
      try {
        for (Call call : pending) {
          if (inFlight.size() == window) {
            target.flush();
            settle(inFlight.poll(), written, noScript, attempt, timeoutMs, context);
          }
          inFlight.add(new Sent(call, target.send(call.chunk())));
          if (++sent % flushEvery == 0) {
            target.flush();
          }
        }
      } finally {
        target.flush();
      }
      while (!inFlight.isEmpty()) {
        settle(inFlight.poll(), written, noScript, attempt, timeoutMs, context);
      }
      if (noScript.isEmpty()) {
        return List.of(written);
      }
      target.reload();
      pending = noScript;
    }
  }

  private record Sent(Call call, RedisFuture<List<Object>> reply) {}

  private static void settle(
      Sent s, Boolean[] written, List<Call> noScript, int attempt, long timeoutMs, String context) {
    List<Object> reply;
    try {
      reply = Await.one(s.reply(), timeoutMs, context);
    } catch (KairosException e) {
      if (attempt == 0 && e.getCause() instanceof RedisNoScriptException) {
        noScript.add(s.call());
        return;
      }
      throw e;
    }
    int[] rows = s.call().rows();
    for (int i = 0; i < rows.length; i++) {
      written[rows[i]] = ((Long) reply.get(i)) == 1L;
    }
  }
}
