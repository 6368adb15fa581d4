package dev.kairos.cli;

import dev.kairos.api.KairosException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kairos} command. Every command is a thin layer over the Java API. */
@Command(
    name = "kairos",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Kairos: a real-time feature store without training/serving skew.",
    subcommands = {CommandLine.HelpCommand.class},
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n")
public final class KairosCli implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 2 user error, 3 unavailable, 1 internal. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new KairosCli());
    Commands.register(cli);
    // Every subcommand offers -V/--version (mixinStandardHelpOptions); all report the jar's.
    cli.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(new Version()));
    cli.setExecutionExceptionHandler(KairosCli::handle);
    cli.setParameterExceptionHandler(KairosCli::handleUsage);
    String unknown = unknownCommand(cli, args);
    if (unknown != null) {
      // Picocli lets --help win over an unmatched word and prints the root help with exit 0.
      return handleUsage(new CommandLine.UnmatchedArgumentException(cli, List.of(unknown)), args);
    }
    return cli.execute(args);
  }

  /**
   * The first word when it names no command. The root takes no positional parameters and its only
   * options are flags, so the first argument that is not an option must be a command.
   */
  private static String unknownCommand(CommandLine cli, String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return null;
      }
      if (!a.startsWith("-")) {
        return cli.getSubcommands().containsKey(a) ? null : a;
      }
    }
    return null;
  }

  /** No command given: the usage goes to stderr and the exit code is 2, as for any usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = parsed.originalArgs().contains("--verbose");
    KairosException ke = classify(e);
    err.println(
        ke.kind() == dev.kairos.api.ErrorKind.INTERNAL
            ? "internal error: " + ke.getMessage()
            : "error: " + ke.getMessage());
    if (verbose) {
      e.printStackTrace(err);
    } else if (ke.kind() == dev.kairos.api.ErrorKind.INTERNAL) {
      err.println("(run again with --verbose for the stack trace, and please report it)");
    }
    err.flush();
    return ke.kind().exitCode();
  }

  private static KairosException classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KairosException ke) {
        return ke;
      }
    }
    return KairosException.internal(String.valueOf(e), e);
  }

  /**
   * Picocli's message (without its own "Error: "), except that an unknown command is called one.
   */
  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && !u.getCommandLine().getCommandSpec().subcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    return e.getMessage().replaceFirst("^Error: ", "");
  }

  private static int handleUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + usageMessage(e));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    return 2;
  }
}
