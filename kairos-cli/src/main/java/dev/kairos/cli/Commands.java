package dev.kairos.cli;

import dev.kairos.cli.commands.AnalyticsCommand;
import dev.kairos.cli.commands.ApplyCommand;
import dev.kairos.cli.commands.AskCommand;
import dev.kairos.cli.commands.DescribeCommand;
import dev.kairos.cli.commands.GenerateCommand;
import dev.kairos.cli.commands.HistoricalCommand;
import dev.kairos.cli.commands.HistoryCommand;
import dev.kairos.cli.commands.IngestCommand;
import dev.kairos.cli.commands.InitCommand;
import dev.kairos.cli.commands.KafkaCommand;
import dev.kairos.cli.commands.ListCommand;
import dev.kairos.cli.commands.MaterializeCommand;
import dev.kairos.cli.commands.MaterializeIncrementalCommand;
import dev.kairos.cli.commands.ModelsCommand;
import dev.kairos.cli.commands.OnlineCommand;
import dev.kairos.cli.commands.PlanCommand;
import dev.kairos.cli.commands.PredictCommand;
import dev.kairos.cli.commands.ProfileCommand;
import dev.kairos.cli.commands.ReplayCommand;
import dev.kairos.cli.commands.RunsCommand;
import dev.kairos.cli.commands.ServeCommand;
import dev.kairos.cli.commands.SkewCommand;
import dev.kairos.cli.commands.StreamCommand;
import dev.kairos.cli.commands.TrainCommand;
import dev.kairos.cli.commands.ValidateCommand;
import dev.kairos.cli.demo.DemoCommand;
import picocli.CommandLine;

/** The list of subcommands, in the order {@code kairos --help} shows them. */
final class Commands {
  private Commands() {}

  static void register(CommandLine cli) {
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new InitCommand());
    cli.addSubcommand(new GenerateCommand());
    cli.addSubcommand(new PlanCommand());
    cli.addSubcommand(new ApplyCommand());
    cli.addSubcommand(new ListCommand());
    cli.addSubcommand(new DescribeCommand());
    cli.addSubcommand(new HistoryCommand());
    cli.addSubcommand(new IngestCommand());
    cli.addSubcommand(new ValidateCommand());
    cli.addSubcommand(new ProfileCommand());
    cli.addSubcommand(new HistoricalCommand());
    cli.addSubcommand(new MaterializeCommand());
    cli.addSubcommand(new MaterializeIncrementalCommand());
    cli.addSubcommand(new OnlineCommand());
    cli.addSubcommand(new TrainCommand());
    cli.addSubcommand(new RunsCommand());
    cli.addSubcommand(new ModelsCommand());
    cli.addSubcommand(new PredictCommand());
    cli.addSubcommand(new AnalyticsCommand());
    cli.addSubcommand(new SkewCommand());
    cli.addSubcommand(new AskCommand());
    cli.addSubcommand(new ServeCommand());
    cli.addSubcommand(new StreamCommand());
    cli.addSubcommand(new ReplayCommand());
    cli.addSubcommand(new KafkaCommand());
  }
}
