package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline run on data-samples with the default configuration, shared ({@link SharedRuns}) by every test class
 * that only reads its outputs (query, other engines, report, the cluster and kill tests' references). It is the
 * README's first command as a user types it, {@code scripts/creatorscope pipeline --input data-samples --output
 * ...}: the launcher with its own JVM and settings, on the jar and classpath file the build made (it must not build
 * again), and its console holds the result and the run's progress lines only.
 */
public final class SampleRun {
  /** The as-of date of the committed sample (its newest snapshot). */
  public static final LocalDate AS_OF = LocalDate.of(2026, 10, 14);
  private static final long TIMEOUT_MINUTES = 10;

  private static Path output;

  private SampleRun() {}

  /** The output location of the shared run; the run happens on the first call. Tests must not write into it. */
  public static synchronized String output() {
    if (output == null) {
      output = SharedRuns.folder("sample", SampleRun::run).resolve("out");
    }
    return output.toString();
  }

  private static void run(Path folder) throws IOException, InterruptedException {
    Path stdout = folder.resolve("pipeline.out");
    Path stderr = folder.resolve("pipeline.err");
    Process run = new ProcessBuilder("scripts/creatorscope", "pipeline", "--input", "data-samples", "--output",
        folder.resolve("out").toString()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!run.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
      fail("the sample pipeline did not end in " + TIMEOUT_MINUTES + " min:\n" + Files.readString(stderr));
    }
    String printed = Files.readString(stdout);
    String console = Files.readString(stderr);
    assertEquals(0, run.exitValue(), "scripts/creatorscope pipeline on data-samples:\n" + console + printed);
    assertTrue(printed.startsWith("pipeline as of " + AS_OF + " finished in ")
        && printed.contains("median creator engagement rate per platform and tier"), printed);
    // Progress lines only: no build (the build's jar and classpath file serve), no Spark warning, no stack trace.
    assertEquals(List.of(), console.lines().filter(line -> !line.startsWith("[")).toList(), console);
  }
}
