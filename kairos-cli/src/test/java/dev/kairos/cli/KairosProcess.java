package dev.kairos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the packaged CLI jar as a separate process, the way a user does. */
final class KairosProcess {
  /**
   * JVM options of every run: the client compiler and the serial collector start the short-lived
   * CLI about twice as fast on a small machine and change nothing the tests observe.
   */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private KairosProcess() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** The stdout lines. */
    List<String> lines() {
      return stdout.lines().toList();
    }
  }

  /** A CLI process still running; its output goes to files so it can be read while it runs. */
  record Running(Process process, Path stdout, Path stderr) {
    String stdoutSoFar() {
      return soFar(stdout);
    }

    /** Both outputs so far, for a failure message. */
    String outputSoFar() {
      return "--- stdout\n" + soFar(stdout) + "--- stderr\n" + soFar(stderr);
    }

    private static String soFar(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** SIGKILL on Linux: no shutdown hook, no finally block, no flush runs. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process exits").isTrue();
    }

    Result await(int timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kairos did not finish in " + timeoutSeconds + "s");
      }
      Result r =
          new Result(
              process.exitValue(),
              Files.readString(stdout, StandardCharsets.UTF_8),
              Files.readString(stderr, StandardCharsets.UTF_8));
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
      return r;
    }
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("kairos.jar", "target/kairos.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "CLI jar not found at " + jar.toAbsolutePath() + "; run mvn package first");
    }
    return jar;
  }

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), 300, args);
  }

  static Result run(Path workDir, Map<String, String> env, int timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    try {
      return start(workDir, env, args).await(timeoutSeconds);
    } catch (AssertionError e) {
      throw new AssertionError("kairos " + String.join(" ", args) + ": " + e.getMessage(), e);
    }
  }

  /** Starts the CLI and returns at once. */
  static Running start(Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("kairos-out", ".txt");
    Path err = Files.createTempFile("kairos-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    return new Running(p, out, err);
  }

  /** A port nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Polls {@code GET /readyz} of a server started on {@code port} until its body contains {@code
   * expected} (up to 30 s); returns the last body.
   */
  static String awaitReady(int port, String expected) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String ready = "";
    for (int i = 0; i < 300 && !ready.contains(expected); i++) {
      Thread.sleep(100);
      try {
        ready =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      } catch (IOException e) {
        ready = "";
      }
    }
    return ready;
  }

  /** Runs the CLI and fails with its whole output unless it exits with {@code expectedExit}. */
  static Result expect(int expectedExit, Path workDir, String... args)
      throws IOException, InterruptedException {
    Result r = run(workDir, args);
    assertThat(r.exitCode())
        .as("exit code of kairos %s\n%s", String.join(" ", args), r)
        .isEqualTo(expectedExit);
    return r;
  }

  /** Runs the CLI and fails with its whole output unless it succeeds. */
  static Result ok(Path workDir, String... args) throws IOException, InterruptedException {
    return expect(0, workDir, args);
  }

  /**
   * Trains model {@code fraud} on {@code fraud_detection_v1} with {@code labels}' {@code is_fraud}
   * and promotes its version 1 to champion: the repository the agent and dashboard tests serve.
   */
  static void trainChampion(Path repo, String labels) throws IOException, InterruptedException {
    ok(
        repo,
        "train",
        "--service",
        "fraud_detection_v1",
        "--labels",
        labels,
        "--label",
        "is_fraud",
        "--model",
        "fraud");
    ok(repo, "models", "promote", "fraud", "1", "--alias", "champion");
  }

  /** Asserts that the output carries no Java stack trace. */
  static void assertNoStackTrace(Result r) {
    assertThat(r.stderr() + r.stdout())
        .as("no stack trace\n%s", r)
        .doesNotContainPattern("\\n\\s+at [\\w.$]+\\(")
        .doesNotContain("Exception in thread")
        .doesNotContain("Caused by:");
  }

  /** Copies a folder tree (a repository no process has open). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
