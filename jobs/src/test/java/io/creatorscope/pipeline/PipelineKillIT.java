package io.creatorscope.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.creatorscope.cli.Main;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.CommandJvm;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full rerun killed with SIGKILL in the middle of writing, in a JVM of its own, after it staged the curated
 * tables it rebuilds: the previous outputs stay byte for byte as they were (curated tables and manifest included),
 * and the next run over the same input and as-of date cleans up and writes exactly the rows of the first run. The
 * previous outputs are a copy of the shared sample run, so the test pays for the killed run and the rerun only.
 */
class PipelineKillIT extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void aRunKilledWhileWritingLeavesThePreviousOutputsAndTheRerunMatchesAnUninterruptedRun() throws Exception {
    String uninterrupted = SampleRun.output();
    Path out = tmp.resolve("out");
    OutputTrees.copy(Path.of(uninterrupted), out);
    Map<String, String> before = fingerprint(out);

    Path log = tmp.resolve("killed-run.log");
    // Spark's scratch folders in the test's own folder: a killed JVM cannot remove them, the test's cleanup does.
    Process run = new ProcessBuilder(CommandJvm.command(List.of("-Dspark.local.dir=" + tmp.resolve("spark-local")),
        "pipeline", "--input", "data-samples", "--output", out.toString(), "--full"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path staged = waitUntilStaged(out, Tables.CREATOR_ENGAGEMENT, run, log);
      assertTrue(Files.isDirectory(staged.resolve(Tables.CURATED_PROFILES))
          && Files.isDirectory(staged.resolve(Tables.CURATED_POSTS)), "the run had staged curated partitions");
    } finally {
      run.destroyForcibly();
    }
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, run.exitValue(), "killed by SIGKILL");
    assertEquals(before, fingerprint(out), "the previous outputs and manifest are untouched");
    try (Stream<Path> left = Files.list(out.resolve("_staging"))) {
      assertTrue(left.findAny().isPresent(), "the killed run left its half-written staging folder");
    }
    assertEquals(0, Main.execute("discover", "--output", out.toString(), "--top", "3", "--out",
        tmp.resolve("brief.txt").toString()), "the previous run is still complete and readable");

    assertEquals(0, Main.execute("pipeline", "--input", "data-samples", "--output", out.toString(), "--full"));
    try (Stream<Path> left = Files.list(out.resolve("_staging"))) {
      assertEquals(0, left.count(), "the rerun removed the killed run's staging");
    }
    OutputTrees.assertSameTables(spark, uninterrupted, out.toString(), SampleRun.AS_OF);
  }

  /** Waits until a run staged {@code table}; returns the run's staging folder. */
  private static Path waitUntilStaged(Path out, String table, Process run, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) {
        fail("the run ended before it was killed:\n" + Files.readString(log));
      }
      try (Stream<Path> runs = Files.list(out.resolve("_staging"))) {
        var staged = runs.filter(r -> Files.isDirectory(r.resolve(table))).findFirst();
        if (staged.isPresent()) {
          return staged.get();
        }
      } catch (java.nio.file.NoSuchFileException notYet) {
        // no run has staged anything yet
      }
      Thread.sleep(50);
    }
    fail("the run did not stage " + table + " in time:\n" + Files.readString(log));
    return null;
  }

  /** Relative path -> size and CRC32 of every file outside _staging. */
  private static Map<String, String> fingerprint(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).forEach(f -> {
        String rel = root.relativize(f).toString();
        if (!rel.startsWith("_staging")) {
          try {
            CRC32 crc = new CRC32();
            crc.update(Files.readAllBytes(f));
            files.put(rel, Files.size(f) + ":" + crc.getValue());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    }
    return files;
  }
}
