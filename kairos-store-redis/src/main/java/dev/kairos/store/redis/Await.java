package dev.kairos.store.redis;

import dev.kairos.api.KairosException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for pipelined commands within one deadline and maps failures to KairosExceptions. */
final class Await {
  private Await() {}

  static <T> T one(RedisFuture<T> future, long timeoutMs, String where) {
    all(List.of(future), timeoutMs, where);
    return future.toCompletableFuture().getNow(null);
  }

  /** Waits until every future is done or the deadline passes; returns the futures. */
  static <F extends RedisFuture<?>> List<F> all(List<F> futures, long timeoutMs, String where) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      for (F f : futures) {
        long left = deadline - System.nanoTime();
        f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      }
      return futures;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while waiting for " + where, e);
    } catch (TimeoutException | ExecutionException e) {
      throw failure(e, timeoutMs, where);
    }
  }

  /**
   * The UNAVAILABLE exception for a command that failed or timed out, whether it surfaced from
   * {@code get} or from a completed future.
   */
  static KairosException failure(Throwable error, long timeoutMs, String where) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof KairosException k) {
      return k;
    }
    if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
      return KairosException.unavailable(
          where + " did not answer within " + timeoutMs + " ms (timeout_ms); is Redis up?", cause);
    }
    return KairosException.unavailable(where + " failed: " + cause.getMessage(), cause);
  }
}
