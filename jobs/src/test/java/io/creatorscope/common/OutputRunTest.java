package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run protocol: staged tables, read-your-writes, all-or-nothing publication, the manifest, recovery. */
class OutputRunTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 1);
  static final TableSchema ACCOUNTING = Tables.output(Tables.INGEST_ACCOUNTING);
  static final TableSchema QUARANTINE = Tables.output(Tables.QUARANTINE);

  @TempDir Path tmp;

  static Dataset<Row> accounting(long... counts) {
    StructType type = DataTypes.createStructType(List.of(
        DataTypes.createStructField("input_table", DataTypes.StringType, false),
        DataTypes.createStructField("measure", DataTypes.StringType, false),
        DataTypes.createStructField("reason", DataTypes.StringType, true),
        DataTypes.createStructField("row_count", DataTypes.LongType, false)));
    List<Row> rows = new java.util.ArrayList<>();
    for (long c : counts) {
      rows.add(RowFactory.create("profiles", "read", null, c));
    }
    return spark.createDataFrame(rows, type);
  }

  static List<Long> counts(Dataset<Row> accounting) {
    return accounting.orderBy("row_count").select("row_count").as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();
  }

  @Test
  void aRunReadsWhatItStagedAndPublishesItWithAManifest() throws Exception {
    String out = tmp.resolve("out").toString();
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1, 2, 3), AS_OF);
      assertEquals(List.of(1L, 2L, 3L), counts(run.read(Tables.INGEST_ACCOUNTING, AS_OF)), "read your writes");
      assertFalse(Files.exists(tmp.resolve("out/ingest_accounting")), "nothing published before the commit");
      run.manifest().job("test", 1.25).configuration("test", "x=1");
      return null;
    });
    ObjectNode manifest = manifest(out);

    assertEquals(List.of(1L, 2L, 3L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, AS_OF)));
    assertEquals("2026-10-01", manifest.get("as_of_date").asText());
    assertEquals(3, manifest.get("tables").get("ingest_accounting").get("rows").asLong());
    assertTrue(manifest.get("tables").get("ingest_accounting").get("files").asLong() >= 1);
    assertEquals(1.3, manifest.get("jobs").get("test").get("seconds").asDouble(), 1e-9);
    assertEquals(64, manifest.get("config_sha256").asText().length());
    assertEquals(RunManifest.PROJECT_VERSION, manifest.get("project_version").asText());
    assertFalse(Files.exists(tmp.resolve("out/_staging").resolve(manifest.get("run_id").asText())));
    assertEquals(AS_OF, RunManifest.requireComplete(spark, out, Tables.INGEST_ACCOUNTING, Optional.empty()));
  }

  @Test
  void aFailedRunPublishesNothingAndLeavesThePreviousOutputs() {
    String out = tmp.resolve("out").toString();
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(7), AS_OF);
      return null;
    });
    ObjectNode before = manifest(out);
    assertThrows(IllegalStateException.class, () -> OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(8, 9), AS_OF);
      throw new IllegalStateException("a check failed");
    }));
    assertEquals(List.of(7L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, AS_OF)));
    assertEquals(before, manifest(out));
    assertEquals(0, tmp.resolve("out/_staging").toFile().list().length, "the failed run's staging is gone");
  }

  @Test
  void aJobRunAloneUpdatesItsTablesInTheManifestAndKeepsTheOthers() {
    String out = tmp.resolve("out").toString();
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), AS_OF);
      run.stage(QUARANTINE, spark.createDataFrame(List.of(), QUARANTINE.structType()), AS_OF);
      run.manifest().job("first", 1);
      return null;
    });
    ObjectNode first = manifest(out);
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1, 2), AS_OF);
      run.manifest().job("second", 1);
      return null;
    });
    ObjectNode second = manifest(out);
    assertEquals(2, second.get("tables").get("ingest_accounting").get("rows").asLong());
    assertEquals(second.get("run_id"), second.get("tables").get("ingest_accounting").get("run_id"));
    assertEquals(first.get("tables").get("quarantine"), second.get("tables").get("quarantine"));
    assertTrue(second.get("jobs").has("first") && second.get("jobs").has("second"));
  }

  /**
   * The days of the curated tables each batch changed: kept per date across its batches (the earliest bound), and
   * read back as what the batches staged after a given moment changed, with the run in progress.
   */
  @Test
  void theManifestsTellWhichCuratedDaysChangedSinceAJobRan() {
    String out = tmp.resolve("out").toString();
    List<String> curated = List.of(Tables.CURATED_PROFILES, Tables.CURATED_POSTS);
    LocalDate next = AS_OF.plusDays(1);
    publishBatch(out, AS_OF, ChangedDays.from(AS_OF.minusDays(9)));
    ObjectNode firstManifest = RunManifest.complete(spark, out).get(AS_OF);
    long first = RunManifest.jobRecord(firstManifest, "test").orElseThrow().runSequence();
    assertTrue(RunManifest.jobRecord(firstManifest, "test").orElseThrow().sameConfiguration(
        java.util.Map.of("test", "x=1")));
    assertFalse(RunManifest.jobRecord(firstManifest, "test").orElseThrow().sameConfiguration(
        java.util.Map.of("test", "x=2")));
    assertEquals(Optional.empty(), RunManifest.jobRecord(firstManifest, "other"));

    publishBatch(out, next, ChangedDays.from(next.minusDays(5)));
    publishBatch(out, next, ChangedDays.from(next.minusDays(1)));
    java.util.TreeMap<LocalDate, ObjectNode> manifests = RunManifest.complete(spark, out);
    long last = RunManifest.jobRecord(manifests.get(next), "test").orElseThrow().runSequence();
    assertEquals(List.of(1L, 3L), List.of(first, last), "three runs, numbered");
    RunManifest.Builder current = new RunManifest.Builder("now", RunManifest.nextSequence(manifests));
    assertEquals(ChangedDays.from(next.minusDays(5)),
        RunManifest.changedSince(manifests, first, current, curated), "the second date's batches only");
    assertEquals(ChangedDays.from(AS_OF.minusDays(9)), RunManifest.changedSince(manifests, 0, current, curated));
    assertEquals(ChangedDays.NONE, RunManifest.changedSince(manifests, last, current, curated));

    // What a job that carries results from the run before finds, in one read of the manifests.
    RunManifest.EarlierRun before = RunManifest.earlierRun(manifests, Tables.INGEST_ACCOUNTING, "test", next,
        current, curated).orElseThrow();
    assertEquals(AS_OF, before.asOf());
    assertEquals(first, before.job().orElseThrow().runSequence());
    assertEquals(ChangedDays.from(next.minusDays(5)), before.changedSince());
    assertTrue(before.sameConfiguration(java.util.Map.of("test", "x=1")));
    assertFalse(before.sameConfiguration(java.util.Map.of("test", "x=2")));
    assertEquals(Optional.empty(), RunManifest.earlierRun(manifests, Tables.INGEST_ACCOUNTING, "test", AS_OF,
        current, curated), "no run before the first");
    RunManifest.EarlierRun unrecorded = RunManifest.earlierRun(manifests, Tables.INGEST_ACCOUNTING, "other",
        next.plusDays(1), current, curated).orElseThrow();
    assertEquals(List.of(next, Optional.empty(), ChangedDays.ALL),
        List.of(unrecorded.asOf(), unrecorded.job(), unrecorded.changedSince()), "a job the run did not record");
    assertFalse(unrecorded.sameConfiguration(java.util.Map.of()), "no record, no configuration to match");

    current.changed(Tables.CURATED_POSTS, ChangedDays.ALL);
    assertEquals(ChangedDays.ALL, RunManifest.changedSince(manifests, last, current, curated));
    assertEquals(ChangedDays.NONE, RunManifest.changedSince(manifests, last, current,
        List.of(Tables.CURATED_PROFILES)), "another table's changes");

    assertEquals(ChangedDays.ALL, ChangedDays.from(AS_OF).and(ChangedDays.ALL));
    assertEquals(ChangedDays.from(AS_OF), ChangedDays.NONE.and(ChangedDays.from(AS_OF)));

    // A run reads the manifests once, when it starts: its jobs ask it for the run before theirs.
    LocalDate later = next.plusDays(1);
    RunManifest.EarlierRun fromRun = OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), later);
      return run.earlierRun(Tables.INGEST_ACCOUNTING, "test", later, curated).orElseThrow();
    });
    assertEquals(List.of(next, last, ChangedDays.NONE),
        List.of(fromRun.asOf(), fromRun.job().orElseThrow().runSequence(), fromRun.changedSince()));
    assertEquals(4, RunManifest.complete(spark, out).get(later).path("run_sequence").asLong(), "the fourth run");
  }

  private void publishBatch(String out, LocalDate asOf, ChangedDays profiles) {
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), asOf);
      run.manifest().changed(Tables.CURATED_PROFILES, profiles).changed(Tables.CURATED_POSTS, ChangedDays.NONE)
          .job("test", 1, java.util.Map.of("test", "x=1"));
      return null;
    });
  }

  /**
   * A run that dies after its journal is written, with one table moved in and the other not yet: readers refuse
   * the date, and the next run finishes the publication.
   */
  @Test
  void aRunInterruptedWhilePublishingIsRolledForwardByTheNextRun() throws Exception {
    String out = tmp.resolve("out").toString();
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), AS_OF);
      run.stage(QUARANTINE, spark.createDataFrame(List.of(), QUARANTINE.structType()), AS_OF);
      return null;
    });
    OutputRun interrupted = OutputRun.start(spark, out);
    interrupted.stage(ACCOUNTING, accounting(5, 6), AS_OF);
    interrupted.stage(QUARANTINE, spark.createDataFrame(List.of(), QUARANTINE.structType()), AS_OF);
    interrupted.prepareCommit();
    // The crash: the manifest is gone and ingest_accounting's old partition has been moved aside, nothing more.
    Files.delete(Path.of(out, RunManifest.FOLDER, "as_of_date=" + AS_OF + ".json"));
    Path staging = tmp.resolve("out/_staging").resolve(interrupted.runId());
    Files.createDirectories(staging.resolve(OutputRun.REPLACED));
    Files.move(tmp.resolve("out/ingest_accounting/as_of_date=2026-10-01"),
        staging.resolve(OutputRun.REPLACED).resolve("ingest_accounting"));

    UserError refused = assertThrows(UserError.class,
        () -> RunManifest.requireComplete(spark, out, Tables.INGEST_ACCOUNTING, Optional.of(AS_OF)));
    assertTrue(refused.getMessage().contains("no complete run wrote ingest_accounting for 2026-10-01"),
        refused.getMessage());

    OutputRun.recover(spark, out);
    assertEquals(List.of(5L, 6L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, AS_OF)));
    ObjectNode manifest = manifest(out);
    assertEquals(interrupted.runId(), manifest.get("run_id").asText());
    assertEquals(2, manifest.get("tables").get("ingest_accounting").get("rows").asLong());
    assertFalse(Files.exists(staging));
  }

  @Test
  void stagingLeftByAKilledRunIsRemovedAndReadersRefuseDatesWithoutAManifest() throws Exception {
    String out = tmp.resolve("out").toString();
    OutputRun killed = OutputRun.start(spark, out);
    killed.stage(ACCOUNTING, accounting(3), AS_OF);
    assertThrows(UserError.class,
        () -> RunManifest.requireComplete(spark, out, Tables.INGEST_ACCOUNTING, Optional.empty()));
    OutputRun.start(spark, out);
    assertFalse(Files.exists(tmp.resolve("out/_staging").resolve(killed.runId())));
    assertFalse(Files.exists(tmp.resolve("out/ingest_accounting")));
  }

  private static ObjectNode manifest(String out) {
    try {
      return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(Path.of(out, RunManifest.FOLDER, "as_of_date=" + AS_OF + ".json").toFile());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
