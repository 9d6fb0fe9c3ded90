package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creatorscope.query.DateSelection;
import io.creatorscope.query.OutputCatalog;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run protocol in Iceberg: writes on a run branch, main moved per table at commit, the manifest with the
 * snapshots last; failed and killed runs invisible and set back; readers and time travel at recorded snapshots.
 */
class IcebergOutputRunTest extends SparkTestBase {
  static final LocalDate D1 = LocalDate.of(2026, 10, 1);
  static final LocalDate D2 = D1.plusDays(1);
  static final TableSchema ACCOUNTING = Tables.output(Tables.INGEST_ACCOUNTING);
  static final TableSchema QUARANTINE = Tables.output(Tables.QUARANTINE);
  static final TableSchema PROFILES = Tables.output(Tables.CURATED_PROFILES);
  static final TableSchema POSTS = Tables.output(Tables.CURATED_POSTS);
  static final OutputFormat ICEBERG = OutputFormat.of("iceberg", Optional.empty(), Optional.empty());

  @TempDir Path tmp;
  String out;

  @BeforeEach
  void iceberg() {
    out = tmp.resolve("out").toString();
    OutputFormat.use(spark, ICEBERG);
  }

  private static Dataset<Row> accounting(long... counts) {
    return OutputRunTest.accounting(counts);
  }

  /** One curated profile row per (creator, day, followers). */
  private static Dataset<Row> profiles(Object... creatorDayFollowers) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < creatorDayFollowers.length; i += 3) {
      rows.add(RowFactory.create(creatorDayFollowers[i], "instagram", null, "food", null,
          creatorDayFollowers[i + 2], null, null, creatorDayFollowers[i + 1], 1));
    }
    return spark.createDataFrame(rows, PROFILES.structType());
  }

  private static List<Long> counts(Dataset<Row> accounting) {
    return OutputRunTest.counts(accounting);
  }

  private Table table(String name) {
    return IcebergTables.open(spark, out, ICEBERG).find(name).orElseThrow();
  }

  private ObjectNode manifest(LocalDate asOf) throws Exception {
    return RunManifest.read(org.apache.hadoop.fs.FileSystem.getLocal(spark.sparkContext().hadoopConfiguration()),
        out, asOf);
  }

  @Test
  void aRunWritesOnABranchAndPublishesEachTableThenTheManifest() throws Exception {
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1, 2, 3), D1);
      assertEquals(List.of(1L, 2L, 3L), counts(run.read(Tables.INGEST_ACCOUNTING, D1)), "read your writes");
      assertNull(table(Tables.INGEST_ACCOUNTING).currentSnapshot(), "main is untouched before the commit");
      return null;
    });
    ObjectNode manifest = manifest(D1);
    Table accounting = table(Tables.INGEST_ACCOUNTING);
    assertEquals("iceberg", manifest.path("format").path("name").asText());
    assertEquals(accounting.currentSnapshot().snapshotId(),
        manifest.path("tables").path(Tables.INGEST_ACCOUNTING).path("snapshot_id").asLong());
    assertEquals(3, manifest.path("tables").path(Tables.INGEST_ACCOUNTING).path("rows").asLong());
    assertEquals(List.of("main"), List.copyOf(accounting.refs().keySet()), "the run's branch is dropped");
    assertEquals("day", accounting.spec().fields().get(0).transform().toString());
    assertEquals(List.of(1L, 2L, 3L),
        counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, D1)));
  }

  @Test
  void aFactTableIsPartitionedByDayAndSortedByCreator() {
    OutputRun.publish(spark, out, run -> {
      run.stagePartitions(PROFILES, profiles("b", D1, 5L, "a", D1, 7L), true);
      run.date(D1);
      return null;
    });
    Table profiles = table(Tables.CURATED_PROFILES);
    assertEquals("day", profiles.spec().fields().get(0).transform().toString());
    assertEquals("creator_id", profiles.schema().findColumnName(profiles.sortOrder().fields().get(0).sourceId()));
    assertEquals(2, PublishedTables.readFacts(spark, out, Tables.CURATED_PROFILES, null, null).count());
  }

  /** Creator c1's posts, as {@link #postsOf}. */
  private static Dataset<Row> posts(Object... postPostedObservedLikes) {
    return postsOf("c1", postPostedObservedLikes);
  }

  /** One curated post row per (post, posted day, observed day, likes), with content columns for the merge to carry. */
  private static Dataset<Row> postsOf(String creator, Object... postPostedObservedLikes) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < postPostedObservedLikes.length; i += 4) {
      LocalDate posted = (LocalDate) postPostedObservedLikes[i + 1];
      rows.add(RowFactory.create(postPostedObservedLikes[i], creator, "instagram",
          posted.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), postPostedObservedLikes[i + 3], 0L, null, null,
          null, "#ad", new String[] {"ad"}, new String[] {"@brand"}, new String[] {"ad"}, true, "detected",
          postPostedObservedLikes[i + 2], 1, posted));
    }
    return spark.createDataFrame(rows, POSTS.structType());
  }

  /**
   * curated_posts: the keys a batch brings are merged in by creator and post_id (MERGE INTO), the newest observation
   * wins; c2's post p1, on another day, is a post of its own, not an update of c1's p1.
   */
  @Test
  void postsAreMergedByCreatorAndPostId() {
    LocalDate d0 = D1.minusDays(1);
    OutputRun.publish(spark, out, run -> {
      FactMerge.merge(run, POSTS, posts("p1", d0, D1, 5L, "p2", d0.minusDays(1), D1, 3L), true);
      run.date(D1);
      return null;
    });
    OutputRun.publish(spark, out, run -> {
      // p1 observed again (later, more likes), p3 new, and a stale observation of p2 (earlier) that must lose.
      FactMerge.Merged merged = FactMerge.merge(run, POSTS,
          posts("p1", d0, D2, 9L, "p3", D2, D2, 1L, "p2", d0.minusDays(1), d0, 99L)
              .union(postsOf("c2", "p1", D2, D2, 4L)), false);
      assertEquals(2, merged.keysUpdated());
      assertEquals(2, merged.keysAdded());
      assertEquals(4, merged.observationsAdded());
      run.date(D2);
      return null;
    });
    assertEquals(List.of("c1 p1 9 2", "c1 p2 3 2", "c1 p3 1 1", "c2 p1 4 1"), PublishedTables.readFacts(spark, out,
        Tables.CURATED_POSTS, null, null).orderBy("creator_id", "post_id")
        .selectExpr("concat_ws(' ', creator_id, post_id, likes, observations)")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    java.util.Map<String, String> summary = table(Tables.CURATED_POSTS).currentSnapshot().summary();
    assertEquals("overwrite", table(Tables.CURATED_POSTS).currentSnapshot().operation());
    assertTrue(!summary.containsKey("replace-partitions"), "a merge, not a partition overwrite: " + summary);
  }

  @Test
  void aFailedRunLeavesTheTablesAsTheLastCompleteRunRecordedThem() {
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), D1);
      return null;
    });
    long published = table(Tables.INGEST_ACCOUNTING).currentSnapshot().snapshotId();
    assertThrows(IllegalStateException.class, () -> OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(5, 6), D1);
      throw new IllegalStateException("boom");
    }));
    Table accounting = table(Tables.INGEST_ACCOUNTING);
    assertEquals(published, accounting.currentSnapshot().snapshotId());
    assertEquals(List.of("main"), List.copyOf(accounting.refs().keySet()));
    assertEquals(List.of(1L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, D1)));
  }

  /**
   * A run killed after moving a table's main but before its manifest (simulated: a commit to main and a run
   * branch left behind): readers still read the recorded snapshot; the next run sets main back and completes.
   */
  @Test
  void aRunKilledWhileCommittingIsInvisibleAndSetBackByTheNextRun() throws Exception {
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), D1);
      return null;
    });
    Table accounting = table(Tables.INGEST_ACCOUNTING);
    long published = accounting.currentSnapshot().snapshotId();
    String identifier = IcebergTables.open(spark, out, ICEBERG).identifier(Tables.INGEST_ACCOUNTING);
    accounting(9).withColumn("as_of_date", org.apache.spark.sql.functions.lit(D1)).writeTo(identifier).append();
    table(Tables.INGEST_ACCOUNTING).manageSnapshots().createBranch("run_killed").commit();
    assertEquals(List.of(1L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, D1)),
        "readers read the snapshot the manifest records");

    OutputRun.publish(spark, out, run -> {
      run.stage(QUARANTINE, spark.createDataFrame(List.of(), QUARANTINE.structType()), D1);
      return null;
    });
    accounting = table(Tables.INGEST_ACCOUNTING);
    assertEquals(published, accounting.currentSnapshot().snapshotId(), "main set back");
    assertEquals(List.of("main"), List.copyOf(accounting.refs().keySet()), "the dead run's branch dropped");
    assertEquals(List.of(1L), counts(PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, D1)));
  }

  /** {@code query --as-of D1} after a run of D2: every view as D1's run left it, the fact tables included. */
  @Test
  void aViewOfAnOlderDateIsThatRunsSnapshot() {
    OutputRun.publish(spark, out, run -> {
      run.stagePartitions(PROFILES, profiles("a", D1, 10L), true);
      run.stage(ACCOUNTING, accounting(1), D1);
      return null;
    });
    OutputRun.publish(spark, out, run -> {
      // D1 re-delivered with other followers, and a new day.
      run.stagePartitions(PROFILES, profiles("a", D1, 11L, "a", D2, 12L), false);
      run.stage(ACCOUNTING, accounting(2), D2);
      return null;
    });
    OutputCatalog catalog = OutputCatalog.open(spark, out);
    catalog.registerViews(DateSelection.of(D1), OutputCatalog.EVERY_TABLE);
    assertEquals(List.of(10L), spark.sql("SELECT followers FROM curated_profiles").as(
        org.apache.spark.sql.Encoders.LONG()).collectAsList());
    assertEquals(List.of(1L), counts(spark.table("ingest_accounting")));
    catalog.registerViews(DateSelection.latest(), OutputCatalog.EVERY_TABLE);
    assertEquals(List.of(11L, 12L), spark.sql("SELECT followers FROM curated_profiles ORDER BY followers").as(
        org.apache.spark.sql.Encoders.LONG()).collectAsList());
    assertEquals(List.of(2L), counts(spark.table("ingest_accounting")));
  }

  /** maintain: small files compacted, old snapshots expired, an orphan file removed; the rows stay. */
  @Test
  void maintenanceCompactsExpiresAndRemovesOrphansWithoutChangingRows() throws Exception {
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1, 2, 3, 4).repartition(2), D1);
      return null;
    });
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(5).repartition(1), D2);
      return null;
    });
    Path orphan = Path.of(out, "creatorscope", Tables.INGEST_ACCOUNTING, "data", "orphan.parquet");
    java.nio.file.Files.write(orphan, new byte[] {1});
    List<Long> before = counts(PublishedTables.readPartitions(spark, out, Tables.INGEST_ACCOUNTING, List.of(D1, D2)));
    Thread.sleep(5);

    List<MaintainTables.TableResult> results = new MaintainTables(spark, out, java.time.Duration.ZERO).execute();
    MaintainTables.TableResult accounting = results.stream()
        .filter(r -> r.table().equals(Tables.INGEST_ACCOUNTING)).findFirst().orElseThrow();
    assertEquals(2, accounting.filesRewritten(), accounting.line());
    assertEquals(1, accounting.filesAdded(), accounting.line());
    assertTrue(accounting.snapshotsExpired() >= 2, accounting.line());
    assertEquals(1, accounting.orphanFilesRemoved(), accounting.line());
    assertTrue(!java.nio.file.Files.exists(orphan));
    Table table = table(Tables.INGEST_ACCOUNTING);
    assertEquals(1, java.util.stream.StreamSupport.stream(table.snapshots().spliterator(), false).count());
    assertEquals(table.currentSnapshot().snapshotId(),
        manifest(D2).path("tables").path(Tables.INGEST_ACCOUNTING).path("snapshot_id").asLong(),
        "readers read the compacted snapshot");
    assertEquals(before, counts(PublishedTables.readPartitions(spark, out, Tables.INGEST_ACCOUNTING,
        List.of(D1, D2))));
    assertEquals(List.of(1L, 2L, 3L, 4L), counts(PublishedTables.readPartition(spark, out,
        Tables.INGEST_ACCOUNTING, D1)));
  }

  @Test
  void anOutputKeepsItsFormat() {
    OutputFormat.use(spark, OutputFormat.PARQUET);
    OutputRun.publish(spark, out, run -> {
      run.stage(ACCOUNTING, accounting(1), D1);
      return null;
    });
    OutputFormat.use(spark, ICEBERG);
    UserError refused = assertThrows(UserError.class, () -> OutputRun.publish(spark, out, run -> null));
    assertTrue(refused.getMessage().contains("holds outputs in parquet"), refused.getMessage());
  }

  /** On the command line: one error line, exit code 2, before any work. */
  @Test
  void badCatalogSettingsOnTheCommandLineExitWith2() {
    spark.conf().set("spark.sql.catalog.badwarehouse", org.apache.iceberg.spark.SparkCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.badwarehouse.type", "hadoop");
    spark.conf().set("spark.sql.catalog.badwarehouse.warehouse", "nosuchfs://nowhere/warehouse");
    for (String[] catalog : new String[][] {{"nosuchcatalog", "catalog nosuchcatalog is not configured"},
        {"badwarehouse", "catalog badwarehouse cannot be opened"}}) {
      io.creatorscope.testing.CliRun run = io.creatorscope.testing.CliRun.of("ingest", "--input", "data-samples",
          "--output", out, "--format", "iceberg", "--catalog", catalog[0]);
      assertEquals(2, run.exitCode(), run.toString());
      assertEquals(1, run.err().lines().count(), run.toString());
      assertTrue(run.err().startsWith("error: " + catalog[1]), run.toString());
    }
  }

  @Test
  void badCatalogSettingsAreOneLineErrors() {
    UserError unknown = assertThrows(UserError.class, () -> IcebergTables.open(spark, out,
        OutputFormat.of("iceberg", Optional.of("nosuchcatalog"), Optional.empty())));
    assertTrue(unknown.getMessage().startsWith("catalog nosuchcatalog is not configured"), unknown.getMessage());
    spark.conf().set("spark.sql.catalog.testcat", org.apache.iceberg.spark.SparkCatalog.class.getName());
    spark.conf().set("spark.sql.catalog.testcat.type", "hadoop");
    spark.conf().set("spark.sql.catalog.testcat.warehouse", tmp.resolve("warehouse").toString());
    UserError namespace = assertThrows(UserError.class, () -> IcebergTables.open(spark, out,
        OutputFormat.of("iceberg", Optional.of("testcat"), Optional.of("nosuchnamespace"))));
    assertTrue(namespace.getMessage().startsWith("namespace nosuchnamespace does not exist in catalog testcat"),
        namespace.getMessage());
  }
}
