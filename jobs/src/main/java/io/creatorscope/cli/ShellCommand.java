package io.creatorscope.cli;

import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import sun.misc.Signal;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shell}: the read-side commands, one per line, in one JVM and one Spark session. A single command spends
 * most of its 3 s starting the JVM and Spark (measured in docs/benchmark.md, "Short runs"); here only the first
 * line pays for that, and a person trying brief after brief gets each answer without waiting for it again. The
 * commands that write tables stay out: they take the output's lock and run long, and a shell left open should
 * never write.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "Read commands from standard input, one per line, and run them in one JVM and Spark session: "
        + "discover, query, plan and report, written as after 'creatorscope' (quotes and # comments as in a POSIX "
        + "shell), --output taken from the shell's unless the line gives one. 'help' lists them, 'exit' or end of input "
        + "ends. A line that fails prints its error and the next runs; the exit code is that of the last line that "
        + "failed (2 for a user error), else 0. At a terminal, Ctrl-C cancels the running line, and at the prompt "
        + "ends the shell.")
public final class ShellCommand implements Callable<Integer> {
  /** The commands a line may run: those that only read the output tables. */
  static final List<String> COMMANDS = List.of("discover", "plan", "query", "report");
  static final String PROMPT = "creatorscope> ";

  /** Whether a line runs now (read by the Ctrl-C handler's thread). */
  private volatile boolean lineRuns;

  @Option(names = "--output", required = true,
      description = "Output location the lines read when they give no --output of their own.")
  String output;

  @Override
  public Integer call() throws IOException {
    boolean quiet = Progress.isQuiet();
    // A person at a terminal gets a prompt; lines piped in (a script of briefs) get only the answers.
    boolean interactive = System.console() != null;
    // The session first: a prompt means the shell is ready, and a line typed ahead meanwhile waits in the terminal.
    SparkSession spark = Sparks.forCommandLine("creatorscope shell");
    if (interactive) {
      cancelLinesOnInterrupt(spark);
      System.err.println("creatorscope shell over " + output + ": " + String.join(", ", COMMANDS)
          + " one per line; help; exit");
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int failed = 0;
    for (String line = prompt(in, interactive); line != null; line = prompt(in, interactive)) {
      List<String> words;
      try {
        words = ShellWords.split(line);
      } catch (UserError e) {
        System.err.println("error: " + e.getMessage());
        failed = Main.USER_ERROR;
        continue;
      }
      if (words.equals(List.of("exit")) || words.equals(List.of("quit"))) {
        break;
      }
      if (!words.isEmpty()) {
        lineRuns = true;
        int code = run(words, quiet);
        lineRuns = false;
        failed = code == 0 ? failed : code;
        System.out.flush();
      }
    }
    return failed;
  }

  /** Runs one line's words as its command would run on its own; returns its exit code. */
  private int run(List<String> words, boolean quiet) {
    String command = words.get(0);
    if (command.equals("help")) {
      System.out.println("commands: " + String.join(", ", COMMANDS) + " (each with --help); exit ends."
          + " --output is " + output + " unless a line gives its own.");
      return 0;
    }
    if (!COMMANDS.contains(command)) {
      boolean known = new CommandLine(new Main()).getSubcommands().containsKey(command);
      System.err.println("error: " + (known
          ? command + " runs on its own command line, not in the shell, which only reads tables"
          : "unknown command " + command) + "; the shell runs " + String.join(", ", COMMANDS));
      return Main.USER_ERROR;
    }
    List<String> args = new ArrayList<>();
    if (quiet) {
      args.add("--quiet");
    }
    args.add(command);
    if (words.stream().noneMatch(w -> w.equals("--output") || w.startsWith("--output="))) {
      args.addAll(List.of("--output", output));
    }
    args.addAll(words.subList(1, words.size()));
    return Main.execute(args.toArray(String[]::new));
  }

  /**
   * Ctrl-C at the terminal: while a line runs, cancels its Spark jobs, so that the line ends with an error and the
   * shell stays open (as spark-shell does); at the prompt, ends the shell, as it ends any command.
   */
  private void cancelLinesOnInterrupt(SparkSession spark) {
    Signal.handle(new Signal("INT"), signal -> {
      if (lineRuns) {
        System.err.println("cancelling the line's Spark jobs (Ctrl-C at the prompt ends the shell)");
        spark.sparkContext().cancelAllJobs();
      } else {
        System.exit(Main.CANCELLED);
      }
    });
  }

  private static String prompt(BufferedReader in, boolean interactive) throws IOException {
    if (interactive) {
      System.out.print(PROMPT);
      System.out.flush();
    }
    return in.readLine();
  }
}
