package dev.kairos.cli;

import static dev.kairos.cli.KairosProcess.assertNoStackTrace;
import static dev.kairos.cli.KairosProcess.expect;
import static dev.kairos.cli.KairosProcess.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Help, version and usage errors of the packaged CLI. */
class BasicsCliIT {
  static final List<String> COMMANDS =
      List.of(
          "demo",
          "init",
          "generate",
          "plan",
          "apply",
          "list",
          "describe",
          "history",
          "ingest",
          "validate",
          "profile",
          "historical",
          "materialize",
          "materialize-incremental",
          "online",
          "train",
          "runs",
          "models",
          "predict",
          "analytics",
          "ask",
          "serve",
          "stream",
          "replay",
          "kafka",
          "skew");

  /** Commands that read a repository and so take --repo. */
  static final List<String> REPO_COMMANDS =
      List.of(
          "plan",
          "apply",
          "list",
          "describe",
          "history",
          "ingest",
          "validate",
          "historical",
          "materialize",
          "materialize-incremental",
          "online",
          "train",
          "predict",
          "ask",
          "serve",
          "stream",
          "replay",
          "skew");

  @TempDir static Path dir;
  static Path repo;

  @BeforeAll
  static void createRepository() throws Exception {
    ok(dir, "init", "repo");
    repo = dir.resolve("repo");
    ok(repo, "apply");
  }

  @Test
  void help_listsEveryCommand_andEveryCommandIsInTheReadme() throws Exception {
    KairosProcess.Result r = ok(dir, "--help");

    assertThat(r.stdout()).startsWith("Usage: kairos [-hV] COMMAND");
    Matcher m = Pattern.compile("(?m)^  ([a-z-]+)\\s{2,}").matcher(r.stdout());
    List<String> listed = m.results().map(x -> x.group(1)).filter(c -> !c.equals("help")).toList();
    assertThat(listed).containsExactlyElementsOf(COMMANDS);
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String command : COMMANDS) {
      assertThat(readme).as("README documents %s", command).contains("kairos " + command);
    }
  }

  @Test
  void noArguments_printsTheUsageToStderr_andExitsTwo() throws Exception {
    KairosProcess.Result r = KairosProcess.run(dir);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).startsWith("Usage: kairos").contains("materialize-incremental");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void commandHelp_showsUsageOptionsAndExitsZero(String command) throws Exception {
    KairosProcess.Result r = ok(dir, command, "--help");

    assertThat(r.stdout()).startsWith("Usage: kairos " + command + " ").contains("--help");
    assertThat(r.stderr()).isEmpty();
    if (REPO_COMMANDS.contains(command)) {
      assertThat(r.stdout()).contains("--repo=DIR");
    }
  }

  static List<String> commands() {
    return COMMANDS;
  }

  @Test
  void helpSubcommand_isTheSameAsCommandHelp() throws Exception {
    assertThat(ok(dir, "help", "ingest").stdout()).isEqualTo(ok(dir, "ingest", "--help").stdout());
  }

  @Test
  void version_printsTheJarVersion_onEveryCommand() throws Exception {
    KairosProcess.Result r = ok(dir, "--version");

    assertThat(r.stdout().strip()).matches("kairos \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(ok(dir, "plan", "--version").stdout()).isEqualTo(r.stdout());
    assertThat(ok(dir, "materialize", "-V").stdout()).isEqualTo(r.stdout());
  }

  @Test
  void unknownCommand_exitsTwo_withOneErrorLineAndASuggestion() throws Exception {
    KairosProcess.Result r = expect(2, dir, "plna");

    List<String> lines = r.stderr().lines().toList();
    assertThat(lines.get(0)).isEqualTo("error: unknown command 'plna'");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("Did you mean: kairos plan");
    assertThat(r.stdout()).isEmpty();
    assertNoStackTrace(r);
  }

  @ParameterizedTest
  @MethodSource("unknownCommandWithHelp")
  void unknownCommand_exitsTwo_evenWithHelp(List<String> args) throws Exception {
    KairosProcess.Result r = expect(2, dir, args.toArray(String[]::new));

    assertThat(r.stderr().lines().toList())
        .containsExactly("error: unknown command 'NOSUCH'", "Run 'kairos --help' for usage.");
    assertThat(r.stdout()).isEmpty();
    assertNoStackTrace(r);
  }

  static List<List<String>> unknownCommandWithHelp() {
    return List.of(
        List.of("NOSUCH"),
        List.of("NOSUCH", "--help"),
        List.of("--help", "NOSUCH"),
        List.of("NOSUCH", "-h"));
  }

  @Test
  void unknownOption_exitsTwo_namingTheOptionAndTheHelp() throws Exception {
    KairosProcess.Result r = expect(2, repo, "plan", "--frobnicate");

    assertThat(r.stderr().lines().toList())
        .containsExactly(
            "error: Unknown option: '--frobnicate'", "Run 'kairos plan --help' for usage.");
    assertNoStackTrace(r);
  }

  @Test
  void badOptionValue_exitsTwo_listingTheValidValues() throws Exception {
    KairosProcess.Result r = expect(2, repo, "list", "views", "--format", "xml");

    assertThat(r.stderr())
        .startsWith("error: Invalid value for option '--format': expected one of [text, json]");
    assertNoStackTrace(r);
  }

  @Test
  void missingRequiredOption_exitsTwo() throws Exception {
    KairosProcess.Result r = expect(2, dir, "generate", "--users", "3");

    assertThat(r.stderr()).startsWith("error: Missing required option: '--output=FILE'");
    assertNoStackTrace(r);
  }

  @Test
  void serve_withAnImpossiblePort_exitsTwo() throws Exception {
    KairosProcess.Result r = expect(2, repo, "serve", "--port", "99999");

    assertThat(r.stderr())
        .isEqualTo(
            "error: --port 99999 is not a port number; give 1 to 65535, or 0 for a free port\n");
  }

  @Test
  void notARepository_exitsTwo_sayingHowToCreateOne() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    KairosProcess.Result r = expect(2, empty, "plan");

    assertThat(r.stderr())
        .startsWith("error: no kairos.yaml in " + empty.toRealPath())
        .contains("Run kairos init");
    assertThat(r.stderr().lines()).hasSize(1);
    assertNoStackTrace(r);
  }

  @Test
  void userError_hasNoStackTrace_butVerboseShowsIt() throws Exception {
    KairosProcess.Result quiet = expect(2, repo, "describe", "no_such_view");
    KairosProcess.Result verbose = expect(2, repo, "describe", "no_such_view", "--verbose");

    String message =
        "error: no entity, source, view, on-demand view or service is named 'no_such_view'; see"
            + " kairos list views";
    assertThat(quiet.stderr().lines().toList()).containsExactly(message);
    assertNoStackTrace(quiet);
    assertThat(verbose.stderr())
        .startsWith(message + "\n")
        .contains("dev.kairos.api.KairosException: no entity, source, view, on-demand view or")
        .containsPattern("\\n\\s+at dev\\.kairos\\.cli\\.commands\\.DescribeCommand\\.call\\(");
  }
}
