package io.creatorscope.cli;

import io.creatorscope.common.Progress;
import io.creatorscope.common.UserError;
import java.io.PrintWriter;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one entry point: {@code creatorscope SUBCOMMAND ...}, the same locally ({@code scripts/creatorscope}) and
 * under spark-submit. User errors print one line and exit 2 (a command line that does not parse adds a second, the
 * hint to --help); anything else is a bug and keeps its stack trace.
 */
@Command(
    name = "creatorscope",
    mixinStandardHelpOptions = true,
    version = "creatorscope 0.1.0",
    description = "Spark batch jobs over creator profile and post snapshots.",
    subcommands = {GenerateCommand.class, IngestCommand.class, EngagementCommand.class, AnomaliesCommand.class,
        RankCommand.class, EconomicsCommand.class, AudienceCommand.class, DiscoverCommand.class, PlanCommand.class, EvaluateCommand.class, PipelineCommand.class, MaintainCommand.class,
        ReportCommand.class, QueryCommand.class, ShellCommand.class})
public final class Main implements Runnable {
  public static final int USER_ERROR = 2;
  /** What a JVM ending with an uncaught exception returns. */
  public static final int INTERNAL_ERROR = 1;
  /** A command whose Spark jobs were cancelled: the shell's code for SIGINT, 128 + 2. */
  public static final int CANCELLED = 130;
  /** How Spark's scheduler words a job cancelled from outside it (all jobs, a job group, the UI's kill link). */
  private static final Pattern JOB_CANCELLED = Pattern.compile("^Job \\d+ cancelled\\b");

  @Option(names = "--quiet", scope = ScopeType.INHERIT,
      description = "Print only errors and the result: no progress lines, no Spark warnings or progress bar.")
  void quiet(boolean on) {
    Progress.quiet(on);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    Progress.quiet(false);
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(Main::argumentError);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // First, since a command may report a failed Spark job as a user error (query does) with the job's cause.
      Throwable cancelled = inCauses(e, Main::isCancellation);
      if (cancelled != null) {
        commandLine.getErr().println("error: cancelled (" + firstLine(cancelled.getMessage()) + ")");
        return CANCELLED;
      }
      Throwable user = inCauses(e, t -> t instanceof UserError);
      if (user != null) {
        commandLine.getErr().println("error: " + user.getMessage());
        return USER_ERROR;
      }
      return unexpected(e, commandLine.getErr());
    });
    return cli.execute(args);
  }

  /**
   * A command line picocli cannot parse (unknown option, missing or malformed value): one {@code error:} line and
   * where to look, instead of picocli's message followed by the whole usage.
   */
  private static int argumentError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String message = e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
    if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
    }
    command.getErr().println("error: " + message);
    command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
    return USER_ERROR;
  }

  /**
   * A failure no check named as a problem of the input or the command line: one line first, so that the reader of
   * a log sees what failed before Spark's plan text and the trace, which a bug report needs.
   */
  static int unexpected(Exception e, PrintWriter err) {
    err.println("error: unexpected failure, " + firstLine(e)
        + " (not a known input or usage problem; the trace below is for a bug report)");
    e.printStackTrace(err);
    err.flush();
    return INTERNAL_ERROR;
  }

  private static String firstLine(Throwable e) {
    String message = firstLine(e.getMessage());
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.strip().lines().findFirst().orElse("");
  }

  /**
   * A failure because the command's Spark jobs were cancelled (Ctrl-C in {@code shell}, the kill link of Spark's
   * UI): a stop someone asked for, not a bug, so no trace.
   */
  private static boolean isCancellation(Throwable t) {
    return t instanceof SparkException && t.getMessage() != null && JOB_CANCELLED.matcher(t.getMessage()).find();
  }

  /** The first exception in {@code e}'s chain of causes that {@code matches}, else null. */
  private static Throwable inCauses(Throwable e, Predicate<Throwable> matches) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (matches.test(t)) {
        return t;
      }
    }
    return null;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
