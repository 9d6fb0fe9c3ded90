package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.cli.Main;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * One pipeline run on data-samples with the default configuration, shared by every test class that only reads
 * its outputs (query, other engines, report), so the suite pays for it once. Call it from a class extending
 * {@link SparkTestBase}: the run uses that class's session.
 *
 * <p>Failsafe names a folder per build ({@value #SHARED_PROPERTY}): its test JVMs share one run there, the first
 * to ask making it under a file lock while the others wait for it. Without the property (a test run alone, from
 * an IDE) each JVM makes its own in a temporary folder.
 */
public final class SampleRun {
  /** The as-of date of the committed sample (its newest snapshot). */
  public static final LocalDate AS_OF = LocalDate.of(2026, 10, 14);
  static final String SHARED_PROPERTY = "creatorscope.it.sample-run";
  /** Written after the run succeeded: a folder without it holds a run that failed or was killed. */
  private static final String DONE = "_SAMPLE_RUN_DONE";

  private static Path output;

  private SampleRun() {}

  /** The output location of the shared run; the run happens on the first call. Tests must not write into it. */
  public static synchronized String output() {
    if (output == null) {
      try {
        String shared = System.getProperty(SHARED_PROPERTY);
        output = shared == null || shared.isBlank() ? run(Files.createTempDirectory("creatorscope-sample-run"))
            : sharedRun(Path.of(shared));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return output.toString();
  }

  private static Path sharedRun(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = lock.lock()) {
      Path out = dir.resolve("out");
      if (!Files.exists(dir.resolve(DONE))) {
        OutputTrees.delete(out);  // what a run that did not finish left
        run(dir);
        Files.createFile(dir.resolve(DONE));
      }
      return out;
    }
  }

  private static Path run(Path dir) {
    Path out = dir.resolve("out");
    assertEquals(0, Main.execute("pipeline", "--input", "data-samples", "--output", out.toString()),
        "pipeline on data-samples");
    return out;
  }
}
