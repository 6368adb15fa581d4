package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.definitions.Ttl;
import dev.kairos.stream.MetricsEndpoint;
import dev.kairos.stream.StreamLauncher;
import dev.kairos.stream.StreamProcessor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code kairos stream}: consume a stream source's topic into the online and offline stores. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Consumes a stream source's Kafka topic: validates each event, updates the online state of"
          + " every view on the source and appends the event to the source's offline table;"
          + " offsets are committed only after those writes, so a restart after a crash loses and"
          + " double-counts nothing. Bad events go to the dead-letter topic with the reason.",
      "Several processes with the same group share the partitions (with Redis and PostgreSQL;"
          + " the embedded RocksDB and DuckDB stores allow one process). Stops gracefully on"
          + " Ctrl-C / SIGTERM."
    })
public final class StreamCommand implements Callable<Integer> {
  @Option(
      names = "--source",
      description =
          "The stream source (default: the views' source, or the only one with a stream).")
  String source;

  @Option(
      names = "--views",
      split = ",",
      description = "Views to update (default: every online view of the source).")
  List<String> views;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka brokers host:port,... (default: kafka.bootstrap_servers in kairos.yaml).")
  String bootstrap;

  @Option(
      names = "--group",
      description = "Consumer group (default: kafka.group_id, kairos-<project>).")
  String group;

  @Option(
      names = "--instance-id",
      description =
          "A stable id for this process in the group (static membership): restarted with the same"
              + " id, it takes its partitions back at once instead of after the session timeout.")
  String instanceId;

  @Option(
      names = "--metrics-port",
      defaultValue = "9464",
      description =
          "Port of http://127.0.0.1:PORT/metrics (0: a free port; -1: none). Default ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(
      names = "--max-batch",
      defaultValue = "2000",
      description = "Most events written per batch. Default ${DEFAULT-VALUE}.")
  int maxBatch;

  @Option(
      names = "--retry-limit",
      defaultValue = "5m",
      description =
          "How long a failing write is retried before the stream stops (exit 3). Default ${DEFAULT-VALUE}.")
  String retryLimit;

  @Option(
      names = "--progress",
      defaultValue = "10s",
      description = "Print a progress line this often (0: never). Default ${DEFAULT-VALUE}.")
  String progress;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() throws InterruptedException {
    Duration limit = duration("--retry-limit", retryLimit);
    Duration every = duration("--progress", progress);
    if (maxBatch < 1) {
      throw KairosException.user("--max-batch must be at least 1, not " + maxBatch);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (FeatureStore fs = Repos.open(repo)) {
      StreamLauncher.Launched run =
          StreamLauncher.launch(
              fs,
              new StreamLauncher.Request(
                  source,
                  views,
                  bootstrap,
                  group,
                  new StreamProcessor.Options(
                      maxBatch,
                      limit,
                      "kairos-stream-" + ProcessHandle.current().pid(),
                      instanceId)),
              registry);
      MetricsEndpoint metrics =
          metricsPort < 0 ? null : MetricsEndpoint.start(registry, "127.0.0.1", metricsPort);
      StreamProcessor processor = run.processor();
      processor.onLog(line -> System.out.println("stream: " + line));
      // SIGTERM and Ctrl-C ask the stream to finish its batch, commit and return, so the command
      // exits 0 (a JVM stopped through its shutdown hooks exits with 128 + the signal).
      for (String signal : List.of("TERM", "INT")) {
        Signal.handle(
            new Signal(signal),
            s -> {
              System.out.println("Stopping: finishing the batch in hand and committing it...");
              processor.stop();
            });
      }
      StreamThread.describe(run, System.out);
      if (metrics != null) {
        System.out.printf("  metrics: http://127.0.0.1:%d/metrics%n", metrics.port());
      }
      System.out.println("Ctrl-C stops it.");
      System.out.flush();
      ScheduledExecutorService ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "kairos-stream-progress");
                t.setDaemon(true);
                return t;
              });
      if (!every.isZero()) {
        ticker.scheduleAtFixedRate(
            () -> System.out.println("stream: " + StreamProgress.line(run.metrics())),
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      try {
        processor.run();
      } finally {
        ticker.shutdownNow();
        if (metrics != null) {
          metrics.close();
        }
      }
      System.out.println("stream: stopped; " + StreamProgress.line(run.metrics()));
    }
    return 0;
  }

  private static Duration duration(String option, String text) {
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    return Ttl.parse(text)
        .orElseThrow(
            () ->
                KairosException.user(
                    option + " '" + text + "' is not a duration like 30s, 5m or 1h"));
  }
}
