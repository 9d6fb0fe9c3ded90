package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command line that does not parse gets one {@code error:} line and a hint to --help, exit code 2, in every
 * command; and --help itself prints nothing but the usage. No Spark: every case fails before a command runs.
 */
class CliArgumentsTest {
  private static final Set<Class<?>> NUMBERS = Set.of(int.class, long.class, double.class, Integer.class,
      Long.class, Double.class);

  private static List<String> commands() {
    return List.copyOf(new CommandLine(new Main()).getSubcommands().keySet());
  }

  private static List<OptionSpec> options(String command) {
    return new CommandLine(new Main()).getSubcommands().get(command).getCommandSpec().options();
  }

  private static List<OptionSpec> options(String command, Set<Class<?>> types) {
    return options(command).stream().filter(o -> types.contains(o.type())).toList();
  }

  /** The command with every required option given a well-formed value, so that only the case under test fails. */
  private static List<String> withRequired(String command) {
    List<String> args = new ArrayList<>(List.of(command));
    for (OptionSpec o : options(command)) {
      if (o.required()) {
        args.add(o.longestName());
        args.add(o.type() == LocalDate.class ? "2026-08-30" : NUMBERS.contains(o.type()) ? "1" : "x");
      }
    }
    return args;
  }

  /** Exit 2, nothing on standard output, and on standard error exactly the error line and the hint. */
  private static void assertArgumentError(String command, String expected, String... args) {
    CliRun run = CliRun.of(args);
    String where = String.join(" ", args) + "\n" + run;
    assertEquals(2, run.exitCode(), where);
    assertEquals("", run.out(), where);
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), where);
    assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(expected), where);
    assertEquals("Try 'creatorscope" + (command.isEmpty() ? "" : " " + command) + " --help'.", lines.get(1), where);
  }

  @Test
  void helpOfEveryCommandPrintsTheUsageAndNoWarning() {
    List<String> names = new ArrayList<>(commands());
    names.add("");
    for (String command : names) {
      CliRun run = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().startsWith("Usage: creatorscope" + (command.isEmpty() ? "" : " " + command)), run.out());
      assertEquals("", run.err(), command + " --help prints to standard error");
    }
  }

  @Test
  void unknownOptionOrCommand() {
    for (String command : commands()) {
      List<String> args = withRequired(command);
      args.add("--no-such-option");
      assertArgumentError(command, "Unknown option: '--no-such-option'", args.toArray(String[]::new));
    }
    assertArgumentError("discover", "(did you mean --as-of?)", "discover", "--output", "o", "--as-f", "2026-08-30");
    assertArgumentError("", "'discovr'", "discovr", "--output", "o");
    assertArgumentError("", "(did you mean discover or audience or economics?)", "discovr"); // picocli's similarity list
  }

  @Test
  void missingRequiredOption() {
    for (String command : commands()) {
      assertArgumentError(command, "Missing required option", command);
    }
  }

  @Test
  void malformedAndImpossibleDates() {
    int dateOptions = 0;
    for (String command : commands()) {
      for (OptionSpec o : options(command, Set.of(LocalDate.class))) {
        assertArgumentError(command, "'2026/08/30' is not a date (expected yyyy-MM-dd)",
            command, o.longestName(), "2026/08/30");
        assertArgumentError(command, "'2026-02-30' is not a date: Invalid date 'FEBRUARY 30'",
            command, o.longestName(), "2026-02-30");
        assertArgumentError(command, "'2026-13-01' is not a date", command, o.longestName(), "2026-13-01");
        dateOptions++;
      }
    }
    assertTrue(dateOptions >= 10, "every --as-of and generate's --start: " + dateOptions);
  }

  @Test
  void malformedNumbers() {
    int numberOptions = 0;
    for (String command : commands()) {
      for (OptionSpec o : options(command, NUMBERS)) {
        assertArgumentError(command, "Invalid value for option '" + o.longestName() + "': 'abc'",
            command, o.longestName(), "abc");
        numberOptions++;
      }
    }
    assertTrue(numberOptions >= 8, "generate, discover, report and query take numbers: " + numberOptions);
  }

  /** A failure no check names: its first line leads, as an {@code error:} line, then the trace; exit code 1. */
  @Test
  void anUnexpectedFailureLeadsWithOneErrorLineBeforeItsTrace() {
    StringWriter text = new StringWriter();
    int code = Main.unexpected(new IllegalStateException("a plan went wrong\n+- Project [a#1]"),
        new PrintWriter(text));
    assertEquals(1, code);
    List<String> lines = text.toString().lines().toList();
    assertEquals("error: unexpected failure, IllegalStateException: a plan went wrong (not a known input or usage "
        + "problem; the trace below is for a bug report)", lines.get(0));
    assertEquals("java.lang.IllegalStateException: a plan went wrong", lines.get(1));
    assertTrue(lines.stream().anyMatch(l -> l.contains("at io.creatorscope.cli.CliArgumentsTest")), text.toString());
  }
}
