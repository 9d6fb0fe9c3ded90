package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkWarnings;
import io.creatorscope.testing.TinyDataSparkTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shell} over the shared sample run, its lines given on standard input: each line prints what its command
 * prints on its own (and Spark no warning), a failing line says why and the next still runs, a cancelled one says
 * it was cancelled.
 *
 * <p>Tiny data: the read-side commands on the sample's small output run as the launcher runs them, interpreted.
 */
class ShellCommandIT extends TinyDataSparkTest {
  static final String FITNESS_TIERS = "SELECT tier, count(*) AS n FROM discovery_ranking WHERE niche = 'fitness' "
      + "GROUP BY tier ORDER BY tier";
  static String out;
  @TempDir static Path tmp;

  @BeforeAll
  static void sampleRun() {
    out = SampleRun.output();
  }

  @Test
  void eachLinePrintsWhatItsCommandPrintsOnItsOwn() {
    CliRun discover = CliRun.of("discover", "--output", out, "--niche", "fitness", "--tier", "micro", "--top", "5");
    CliRun query = CliRun.of("query", "--output", out, FITNESS_TIERS);
    assertEquals(0, discover.exitCode(), discover.toString());
    assertEquals(0, query.exitCode(), query.toString());

    CliRun shell;
    List<String> warnings;
    try (SparkWarnings log = new SparkWarnings()) {
      shell = shell("""
          discover --niche fitness --tier micro --top 5

            # the shell's --output, as the line gives none
          query "%s"
          exit
          discover --top 1
          """.formatted(FITNESS_TIERS));
      warnings = log.seen();
    }

    assertEquals(0, shell.exitCode(), shell.toString());
    // A line building the running session again made Spark warn that its settings could not change, every line.
    assertEquals(List.of(), warnings);
    assertEquals(discover.out() + query.out(), shell.out(), "nothing after exit runs, and no prompt when piped");
  }

  @Test
  void aFailingLineSaysWhyAndTheNextLinesRun() {
    CliRun shell = shell("""
        pipeline --input data-samples
        discovr --top 1
        query 'SELECT 1
        discover --top 1 --output %s/missing
        help
        query "SELECT count(*) AS creators FROM creator_engagement"
        """.formatted(out));

    assertEquals(2, shell.exitCode(), "the code of the last line that failed:\n" + shell);
    List<String> errors = shell.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(4, errors.size(), shell.toString());
    assertTrue(errors.get(0).startsWith("error: pipeline runs on its own command line, not in the shell"),
        errors.get(0));
    assertTrue(errors.get(1).startsWith("error: unknown command discovr; the shell runs discover, plan, query,"
        + " report"), errors.get(1));
    assertTrue(errors.get(2).startsWith("error: the quote ' at column 7 is not closed"), errors.get(2));
    assertTrue(errors.get(3).contains(out + "/missing"), "the line's own --output: " + errors.get(3));
    assertTrue(shell.out().startsWith("commands: discover, plan, query, report"), shell.toString());
    assertTrue(shell.out().endsWith("creators\n400\n"), shell.toString());
  }

  /**
   * What Ctrl-C in the shell does to a running line, cancelling the session's Spark jobs: the command ends with one
   * {@code error: cancelled} line and code 130, not the trace of an unexpected failure.
   */
  @Test
  void aCommandWhoseSparkJobsAreCancelledSaysSoInOneLine() throws Exception {
    // query reports a failed job as a user error; a cancelled one it reports as the others do.
    for (String[] command : List.of(
        new String[] {"report", "--output", out, "--out", tmp.resolve("report.html").toString()},
        new String[] {"query", "--output", out, FITNESS_TIERS})) {
      CliRun run = whileJobsAreCancelled(command);

      assertEquals(Main.CANCELLED, run.exitCode(), run.toString());
      List<String> errors = run.err().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, errors.size(), run.toString());
      assertTrue(errors.get(0).matches("error: cancelled \\(Job \\d+ cancelled as part of cancellation of all jobs\\)"),
          errors.get(0));
    }
  }

  /** Runs a command while another thread cancels every Spark job of the session as soon as one runs. */
  private static CliRun whileJobsAreCancelled(String... command) throws InterruptedException {
    AtomicBoolean commandRuns = new AtomicBoolean(true);
    Thread canceller = new Thread(() -> {
      while (commandRuns.get()) {
        if (spark.sparkContext().statusTracker().getActiveJobIds().length > 0) {
          spark.sparkContext().cancelAllJobs();
        }
        Thread.onSpinWait();
      }
    });
    canceller.start();
    try {
      return CliRun.of(command);
    } finally {
      commandRuns.set(false);
      canceller.join();
    }
  }

  /** {@code shell --output} on the shared run, reading {@code lines} as its standard input. */
  private static synchronized CliRun shell(String lines) {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
      return CliRun.of("shell", "--output", out);
    } finally {
      System.setIn(stdin);
    }
  }
}
