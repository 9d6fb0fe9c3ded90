package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.CliRun;
import org.junit.jupiter.api.Test;

/** A malformed audience target stops discover and plan with one line and exit 2, before Spark starts. */
class AudienceOptionsTest {
  private static void assertOneLine(String expected, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    assertEquals("error: " + expected + "\n", run.err().replace("\r\n", "\n"), run.toString());
  }

  @Test
  void malformedTargets() {
    assertOneLine("--audience-country 'US': expected BUCKET:SHARE, e.g. US:0.4",
        "discover", "--output", "o", "--audience-country", "US");
    assertOneLine("--audience-age '18-24:40': the share must be from 0 to 1 (0.4 = 40% of the followers)",
        "discover", "--output", "o", "--audience-age", "18-24:40");
    assertOneLine("--audience-gender 'female:half': the share after ':' is not a number; expected BUCKET:SHARE, "
        + "e.g. female:0.5", "plan", "--output", "o", "--budget", "1000", "--audience-gender", "female:half");
  }
}
