package io.creatorscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.cli.Main;
import io.creatorscope.testing.SampleRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report of the shared sample run, written once per test JVM through the command line, for the tests that
 * read it (its content, and how a browser renders it). Call it from a class extending SparkTestBase.
 */
final class SampleReport {
  private static Path file;

  private SampleReport() {}

  static synchronized Path file() {
    if (file == null) {
      try {
        Path out = Files.createTempDirectory("creatorscope-report").resolve("report.html");
        assertEquals(0, Main.execute("report", "--output", SampleRun.output(), "--out", out.toString()),
            "report on the sample run");
        file = out;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return file;
  }
}
