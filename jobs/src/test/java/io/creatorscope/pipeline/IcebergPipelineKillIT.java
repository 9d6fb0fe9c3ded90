package io.creatorscope.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.cli.Main;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun in Iceberg killed with SIGKILL once it starts committing (in a JVM of its own): the manifest stays as it
 * was, readers started before and after the kill read the previous run's rows, and the next run completes with
 * every table's main at the snapshot its manifest records and no run branch left.
 */
class IcebergPipelineKillIT extends SparkTestBase {
  private static final String COMMITTING = "publishing them and the manifest";
  private static final String COUNTS = "SELECT (SELECT count(*) FROM creator_engagement) AS engagement, "
      + "(SELECT count(*) FROM curated_posts) AS posts, (SELECT sum(observations) FROM curated_posts) AS seen";

  @TempDir Path tmp;

  @Test
  void aRunKilledWhileCommittingLeavesThePreviousSnapshotsAndTheNextRunCompletes() throws Exception {
    String out = tmp.resolve("out").toString();
    assertEquals(0, Main.execute("pipeline", "--input", "data-samples", "--output", out, "--format", "iceberg"));
    Path manifest = Path.of(out, "_manifests").resolve(Files.list(Path.of(out, "_manifests")).findFirst()
        .orElseThrow().getFileName());
    String recorded = Files.readString(manifest);
    String before = query(out);

    Path log = tmp.resolve("killed-run.log");
    Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@scripts/jvm.options", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        "io.creatorscope.cli.Main", "pipeline", "--input", "data-samples", "--output", out, "--full",
        "--format", "iceberg")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      waitFor("[engagement", run, log);
      assertEquals(before, query(out), "a reader started during the run reads the previous run");
      waitFor(COMMITTING, run, log);
    } finally {
      run.destroyForcibly();
    }
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, run.exitValue(), "killed by SIGKILL");
    assertEquals(recorded, Files.readString(manifest), "the manifest is the previous run's");
    assertEquals(before, query(out), "readers read the previous run's snapshots");

    assertEquals(0, Main.execute("pipeline", "--input", "data-samples", "--output", out, "--full",
        "--format", "iceberg"));
    assertEquals(before, query(out), "the rerun of the same input and date holds the same rows");
    ObjectMapper json = new ObjectMapper();
    JsonNode tables = json.readTree(manifest.toFile()).path("tables");
    for (String table : Tables.OUTPUTS) {
      Path metadata = Path.of(out, "creatorscope", table, "metadata");
      String newest = Files.readString(metadata.resolve("version-hint.text")).strip();
      JsonNode current = json.readTree(metadata.resolve("v" + newest + ".metadata.json").toFile());
      assertEquals(tables.path(table).path("snapshot_id").asLong(), current.path("current-snapshot-id").asLong(),
          table + ": main is the snapshot the manifest records");
      assertEquals(List.of("main"), List.copyOf(iterable(current.path("refs").fieldNames())),
          table + ": no run branch is left");
    }
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  private static String query(String out) {
    CliRun run = CliRun.of("query", "--output", out, COUNTS);
    assertEquals(0, run.exitCode(), run.toString());
    return run.out();
  }

  private static void waitFor(String line, Process run, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) {
        fail("the run ended before it was killed:\n" + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(20);
    }
    fail("the run did not reach '" + line + "' in time:\n" + Files.readString(log));
  }
}
