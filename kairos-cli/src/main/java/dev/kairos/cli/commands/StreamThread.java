package dev.kairos.cli.commands;

import dev.kairos.api.FeatureView;
import dev.kairos.core.definitions.Ttl;
import dev.kairos.stream.StreamLauncher;
import java.io.PrintStream;
import java.time.Duration;

/** A stream run on a thread of its own inside another command (the server, the demo). */
public final class StreamThread {
  private final StreamLauncher.Launched run;
  private final Thread thread;
  private volatile RuntimeException failure;

  private StreamThread(StreamLauncher.Launched run, Runnable onFailure) {
    this.run = run;
    this.thread =
        new Thread(
            () -> {
              try {
                run.processor().run();
              } catch (RuntimeException e) {
                failure = e;
                onFailure.run();
              }
            },
            "kairos-stream");
  }

  /** Starts consuming; {@code onFailure} runs on the stream's thread if it stops with an error. */
  public static StreamThread start(StreamLauncher.Launched run, Runnable onFailure) {
    StreamThread t = new StreamThread(run, onFailure);
    t.thread.start();
    return t;
  }

  public StreamLauncher.Launched launched() {
    return run;
  }

  /** The error the stream stopped with, or null. */
  public RuntimeException failure() {
    return failure;
  }

  /** Finishes the batch in hand, commits it and waits for the thread (at most 30 s). */
  public void stop() {
    run.processor().stop();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the stream does, in two lines. */
  static void describe(StreamLauncher.Launched run, PrintStream out) {
    out.printf(
        "Streaming topic %s (%d partitions) of source '%s' from %s, group %s%n"
            + "  into views %s and offline table %s; allowed lateness %s; dead letters to %s%n",
        run.stream().topic(),
        run.partitions(),
        run.source().name(),
        run.kafka().bootstrapServers(),
        run.kafka().groupId(),
        run.views().isEmpty()
            ? "(none)"
            : String.join(", ", run.views().stream().map(FeatureView::name).toList()),
        run.source().table(),
        Ttl.format(run.stream().allowedLateness()),
        run.stream().deadLetterTopic());
    run.uncheckedExpectations().forEach(s -> out.println("  not checked per event: " + s));
  }
}
