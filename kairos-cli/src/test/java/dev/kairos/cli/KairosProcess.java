package dev.kairos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged CLI jar as a separate process, the way a user does. */
final class KairosProcess {
  private KairosProcess() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
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
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar().toAbsolutePath().toString()));
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
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "kairos " + String.join(" ", args) + " did not finish in " + timeoutSeconds + "s");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }
}
