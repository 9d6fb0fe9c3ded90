package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One pipeline run on data-samples with the default configuration, shared by every test class in the test JVM
 * that only reads its outputs (query, other engines, report), so the suite pays for it once. Call it from a
 * class extending {@link SparkTestBase}: the run uses that class's session.
 */
public final class SampleRun {
  /** The as-of date of the committed sample (its newest snapshot). */
  public static final LocalDate AS_OF = LocalDate.of(2026, 10, 14);

  private static Path output;

  private SampleRun() {}

  /** The output location of the shared run; the run happens on the first call. Tests must not write into it. */
  public static synchronized String output() {
    if (output == null) {
      try {
        Path dir = Files.createTempDirectory("creatorscope-sample-run");
        Path out = dir.resolve("out");
        assertEquals(0, Main.execute("pipeline", "--input", "data-samples", "--output", out.toString()),
            "pipeline on data-samples");
        output = out;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return output.toString();
  }
}
