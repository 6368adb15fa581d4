package dev.kairos.store.redis;

import dev.kairos.api.KairosException;
import io.lettuce.core.RedisFuture;
import java.util.List;
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
    } catch (TimeoutException e) {
      throw KairosException.unavailable(
          where + " did not answer within " + timeoutMs + " ms (timeout_ms); is Redis up?", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw KairosException.unavailable(where + " failed: " + cause.getMessage(), cause);
    }
  }
}
