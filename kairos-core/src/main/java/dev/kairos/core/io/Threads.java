package dev.kairos.core.io;

/** Helpers for the helper threads of readers and writers. */
public final class Threads {
  private Threads() {}

  /**
   * Waits until {@code t} has ended, even if interrupted meanwhile; the interrupt is kept for the
   * caller to see afterwards.
   */
  public static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
