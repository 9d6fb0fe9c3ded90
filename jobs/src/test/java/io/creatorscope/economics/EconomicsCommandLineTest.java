package io.creatorscope.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.cli.Main;
import io.creatorscope.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors of the economics options: one line, exit code 2, before any Spark work starts. */
class EconomicsCommandLineTest {
  private static void assertUserError(String expected, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(Main.USER_ERROR, run.exitCode(), run.toString());
    assertEquals("error: " + expected + "\n", run.err(), run.toString());
  }

  @Test
  void aBadRateCardStopsThePipelineWithTheLineItIsOn(@TempDir Path tmp) throws IOException {
    Path rates = tmp.resolve("rates.csv");
    Files.writeString(rates, "platform,tier,low_usd,high_usd\ninstagram,nano,100,10\n");
    assertUserError(rates + " line 2: low_usd 100 is above high_usd 10", "pipeline", "--input", tmp.toString(),
        "--output", tmp.resolve("out").toString(), "--rates", rates.toString());
    assertUserError(rates + " line 2: low_usd 100 is above high_usd 10", "economics", "--output",
        tmp.resolve("out").toString(), "--as-of", "2026-10-14", "--rates", rates.toString());
  }

  @Test
  void planArgumentsAreChecked(@TempDir Path tmp) {
    String out = tmp.toString();
    assertUserError("--budget must be a positive number of USD, got -5.0", "plan", "--output", out, "--budget", "-5");
    assertUserError("--objective must be engagements, views or creators, got 'likes'", "plan", "--output", out,
        "--budget", "100", "--objective", "likes");
    assertUserError("--max-share must be above 0 and at most 1, got 1.5", "plan", "--output", out, "--budget", "100",
        "--max-share", "1.5");
    assertUserError("--format must be table, csv or json, got 'xml'", "plan", "--output", out, "--budget", "100",
        "--format", "xml");
  }
}
