package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.stream.StreamLauncher;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kairos serve}: the feature server. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves online features over gRPC (Kairos and Feast's ServingService) and HTTP/JSON on one port.",
      "Follows 'kairos apply' without a restart. Stops gracefully on Ctrl-C / SIGTERM."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "Port for gRPC and HTTP (default: server.port in kairos.yaml, else 6566).")
  Integer port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--stream",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "SOURCE",
      description =
          "Also consume SOURCE's Kafka topic in this process (default: the only source with a"
              + " stream), as 'kairos stream' does; its metrics join /metrics. The way to stream"
              + " into the embedded RocksDB store, which one process at a time may open.")
  String stream;

  @Mixin RepoOptions repo;

  @Override
  public Integer call() throws InterruptedException {
    if (port != null && (port < 0 || port > 65535)) {
      throw KairosException.user(
          "--port " + port + " is not a port number; give 1 to 65535, or 0 for a free port");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (FeatureStore fs = Repos.open(repo)) {
      int p = port != null ? port : fs.config().server().port();
      Servers.Started server = Servers.start(fs, host, p);
      StreamThread streaming = null;
      if (stream != null) {
        StreamLauncher.Launched run =
            StreamLauncher.launch(
                fs,
                new StreamLauncher.Request(
                    stream.isEmpty() ? null : stream, List.of(), null, null, null),
                server.server().meterRegistry());
        run.processor().onLog(line -> System.out.println("stream: " + line));
        StreamThread.describe(run, System.out);
        streaming = StreamThread.start(run, stopped::countDown);
      }
      StreamThread streamed = streaming;
      Thread hook =
          new Thread(
              () -> {
                if (streamed != null) {
                  System.out.println("Stopping the stream: finishing and committing its batch...");
                  streamed.stop();
                }
                System.out.println("Stopping: draining in-flight requests...");
                server.stop();
                stopped.countDown();
              },
              "kairos-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.printf(
          "Kairos feature server on port %d (gRPC + HTTP). Try:%n"
              + "  curl -s localhost:%d/readyz%n"
              + "  curl -s -X POST localhost:%d/get-online-features -d '{\"feature_service\":\"NAME\",\"entities\":{\"user_id\":[1001]}}'%n",
          server.port(), server.port(), server.port());
      if (fs.config().server().ui()) {
        System.out.printf(
            "Dashboard: http://localhost:%d/ui/ (server.ui: false in kairos.yaml turns it off)%n",
            server.port());
      }
      stopped.await();
      if (streamed != null && streamed.failure() != null) {
        // The stream died: stop serving too, so that a supervisor restarts both.
        Runtime.getRuntime().removeShutdownHook(hook);
        server.stop();
        throw streamed.failure();
      }
    }
    return 0;
  }
}
