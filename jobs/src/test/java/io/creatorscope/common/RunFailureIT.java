package io.creatorscope.common;

import static io.creatorscope.common.RunFailureTest.assertOneErrorLine;
import static io.creatorscope.common.RunFailureTest.leftInStaging;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.TinyDataSparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that finish on data nobody would want, or whose next command refuses what it is given: each runs a whole
 * pipeline first, so they are integration tests ({@link RunFailureTest} holds the failures that stop early).
 */
class RunFailureIT extends TinyDataSparkTest {
  @TempDir Path tmp;

  /** Data up to the as-of date, but none of it valid: the run publishes empty tables, the quarantine and counts. */
  @Test
  void aDateWhoseEveryRowIsQuarantinedPublishesAnEmptyWellFormedRun() {
    Path in = new RawInputs(spark)
        .profile("c1", "instagram", "fitness", null, RawInputs.day(1))
        .profile("c1", "instagram", "fitness", 5100L, RawInputs.day(2))
        .post("p1", "c1", RawInputs.noon(1), 100L, 5L, RawInputs.day(2))
        .writeTo(tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    CliRun run = CliRun.of("pipeline", "--input", in.toString(), "--output", out, "--as-of", "2026-10-01");
    assertEquals(0, run.exitCode(), run.toString());
    LocalDate asOf = RawInputs.day(1);
    assertEquals(1, PublishedTables.readPartition(spark, out, Tables.QUARANTINE, asOf).count());
    for (String table : List.of(Tables.CURATED_PROFILES, Tables.CREATOR_ENGAGEMENT, Tables.DISCOVERY_RANKING)) {
      assertEquals(0, OutputTrees.rowsAsOf(spark, out, table, asOf).count(), table);
    }
    assertEquals(List.of(), leftInStaging(Path.of(out)));
  }

  /** Labels written by an older generate (no variant, no last_date) are refused in one line naming the column. */
  @Test
  void evaluateRefusesLabelsWithoutTheVariantColumns() {
    Path in = new RawInputs(spark)
        .profile("c1", "instagram", "fitness", 5000L, RawInputs.day(1))
        .post("p1", "c1", RawInputs.noon(1), 100L, 5L, RawInputs.day(1))
        .writeTo(tmp.resolve("in-old-labels"));
    String out = tmp.resolve("out-old-labels").toString();
    assertEquals(0, CliRun.of("pipeline", "--input", in.toString(), "--output", out, "--as-of",
        RawInputs.day(1).toString()).exitCode());
    String labels = tmp.resolve("old-labels").toString();
    spark.sql("SELECT 'c1' AS creator_id, 'drop' AS kind, DATE'2026-10-01' AS event_date, 0.1D AS magnitude")
        .write().parquet(labels);
    CliRun run = CliRun.of("evaluate", "--output", out, "--as-of", RawInputs.day(1).toString(), "--labels", labels);
    assertEquals(2, run.exitCode(), run.toString());
    assertOneErrorLine(run, "variant");
  }

}
