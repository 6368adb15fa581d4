package dev.kairos.cli.commands;

import dev.kairos.api.KairosException;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;
import dev.kairos.server.KairosServer;
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
      KairosServer server = Servers.start(fs, host, p);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    System.out.println("Stopping: draining in-flight requests...");
                    server.stop();
                    stopped.countDown();
                  },
                  "kairos-shutdown"));
      System.out.printf(
          "Kairos feature server on port %d (gRPC + HTTP). Try:%n"
              + "  curl -s localhost:%d/readyz%n"
              + "  curl -s -X POST localhost:%d/get-online-features -d '{\"feature_service\":\"NAME\",\"entities\":{\"user_id\":[1001]}}'%n",
          server.port(), server.port(), server.port());
      stopped.await();
    }
    return 0;
  }
}
