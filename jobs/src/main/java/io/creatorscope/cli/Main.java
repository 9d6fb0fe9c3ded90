package io.creatorscope.cli;

import io.creatorscope.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one entry point: {@code creatorscope SUBCOMMAND ...}, the same locally ({@code scripts/creatorscope}) and
 * under spark-submit. User errors print one line and exit 2; anything else is a bug and keeps its stack trace.
 */
@Command(
    name = "creatorscope",
    mixinStandardHelpOptions = true,
    version = "creatorscope 0.1.0",
    description = "Spark batch jobs over creator profile and post snapshots.",
    subcommands = {GenerateCommand.class, IngestCommand.class, EngagementCommand.class, AnomaliesCommand.class,
        RankCommand.class, EconomicsCommand.class, DiscoverCommand.class, PlanCommand.class, EvaluateCommand.class, PipelineCommand.class,
        ReportCommand.class, QueryCommand.class})
public final class Main implements Runnable {
  public static final int USER_ERROR = 2;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      UserError user = userError(e);
      if (user != null) {
        commandLine.getErr().println("error: " + user.getMessage());
        return USER_ERROR;
      }
      throw e;
    });
    return cli.execute(args);
  }

  private static UserError userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError u) {
        return u;
      }
    }
    return null;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
