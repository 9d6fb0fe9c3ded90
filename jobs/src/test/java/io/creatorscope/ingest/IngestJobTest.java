package io.creatorscope.ingest;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.OutputRun;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest extends SparkTestBase {
  @TempDir Path tmp;

  private IngestResult ingest(Path input, LocalDate asOf) {
    return new IngestJob(spark, new IngestConfig(input.toString(), tmp.resolve("out").toString(),
        Optional.ofNullable(asOf))).run();
  }

  private Dataset<Row> table(String name, LocalDate asOf) {
    return OutputTrees.rowsAsOf(spark, tmp.resolve("out").toString(), name, asOf);
  }

  @Test
  void everyQuarantineRuleRoutesTheRowWithItsReasonAndTheAccountingBalances() {
    Path input = new RawInputs(spark)
        .profile("a", "Instagram ", " Fitness", 5000L, day(1))
        .profile("a", "instagram", "fitness", 5000L, day(1))                 // exact duplicate
        .profile("a", "instagram", "fitness", 5100L, day(2))
        .profile("b", "tiktok", null, 700L, day(2))                           // null niche -> unknown
        .profile(null, "tiktok", "food", 700L, day(2))                        // NULL_REQUIRED creator_id
        .profile("c", "tiktok", "food", null, day(2))                         // NULL_REQUIRED followers
        .profile("d", "tiktok", "food", -5L, day(2))                          // NEGATIVE_COUNT
        .profile("e", "  ", "food", 10L, day(2))                              // blank platform
        .profile("a", "instagram", "fitness", 5200L, day(3))                  // after the as-of date
        .post("p1", "a", noon(1), 100L, 5L, day(1))
        .post("p1", "a", noon(1), 150L, 7L, day(2))                           // re-observed: latest wins
        .post("p2", "a", noon(2), null, 5L, day(2))                           // NULL_REQUIRED likes
        .post("p3", "a", noon(2), 10L, -1L, day(2))                           // NEGATIVE_COUNT
        .post("p4", "a", noon(2), 10L, 1L, day(1))                            // OBSERVED_BEFORE_POSTED
        .post("p5", "zz", noon(2), 10L, 1L, day(2))                           // UNKNOWN_CREATOR
        .post("p6", "c", noon(2), 10L, 1L, day(2))                            // creator only in quarantine
        .post("p7", "b", noon(2), 10L, 1L, day(3))                            // after the as-of date
        .writeTo(tmp.resolve("in"));

    IngestResult r = ingest(input, day(2));

    Accounting profiles = r.profiles();
    assertEquals(9, profiles.read());
    assertEquals(3, profiles.kept());
    assertEquals(1, profiles.duplicates());
    assertEquals(Map.of("NULL_REQUIRED", 3L, "NEGATIVE_COUNT", 1L), profiles.quarantinedByReason());
    assertEquals(1, profiles.beyondAsOf());
    assertTrue(profiles.balances());

    Accounting posts = r.posts();
    assertEquals(8, posts.read());
    assertEquals(1, posts.kept());
    assertEquals(1, posts.duplicates());
    assertEquals(Map.of("NULL_REQUIRED", 1L, "NEGATIVE_COUNT", 1L, "OBSERVED_BEFORE_POSTED", 1L,
        "UNKNOWN_CREATOR", 2L), posts.quarantinedByReason());
    assertEquals(1, posts.beyondAsOf());
    assertTrue(posts.balances());

    List<Row> quarantine = table(Tables.QUARANTINE, day(2))
        .orderBy("input_table", "reason", "detail").collectAsList();
    assertEquals(9, quarantine.size());
    Row unknown = quarantine.stream().filter(q -> q.getString(1).equals("UNKNOWN_CREATOR")
        && q.getString(4).contains("\"zz\"")).findFirst().orElseThrow();
    assertTrue(unknown.getString(2).contains("'zz'"), unknown.getString(2));
    assertTrue(unknown.getString(3).endsWith(".parquet"), "source file recorded: " + unknown.getString(3));
    assertTrue(unknown.getString(4).contains("\"post_id\":\"p5\""), unknown.getString(4));

    List<Row> curatedProfiles = table(Tables.CURATED_PROFILES, day(2))
        .orderBy("creator_id", "snapshot_date").select("creator_id", "platform", "niche", "followers", "observations")
        .collectAsList();
    assertEquals(List.of(
        RowFactory.create("a", "instagram", "fitness", 5000L, 2),
        RowFactory.create("a", "instagram", "fitness", 5100L, 1),
        RowFactory.create("b", "tiktok", "unknown", 700L, 1)), curatedProfiles);

    Row p1 = table(Tables.CURATED_POSTS, day(2)).filter(col("post_id").equalTo("p1")).first();
    assertEquals(150L, p1.getLong(p1.fieldIndex("likes")));
    assertEquals(day(2), p1.getLocalDate(p1.fieldIndex("observed_date")));
    assertEquals(2, p1.getInt(p1.fieldIndex("observations")));

    List<Row> accounting = table(Tables.INGEST_ACCOUNTING, day(2))
        .filter(col("measure").equalTo("read")).filter(col("input_table").equalTo("profiles")).collectAsList();
    assertEquals(9L, accounting.get(0).getLong(accounting.get(0).fieldIndex("row_count")));
  }

  @Test
  void widensInt32CountsAndReadsEveryTimestampEncodingAndHiveDirectories() throws Exception {
    Path in = tmp.resolve("mixed");
    RawInputs base = new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .post("p1", "a", noon(1), 10L, 1L, day(1));
    base.writeTo(in);
    // profiles with int32 counts, in a snapshot_date= directory without the column
    base.profilesFrame()
        .withColumn("followers", col("followers").plus(1).cast("int"))
        .withColumn("following", col("following").cast("int"))
        .withColumn("media_count", col("media_count").cast("int"))
        .drop("snapshot_date").withColumn("extra_column", col("handle"))
        .write().parquet(in.resolve("profiles/snapshot_date=2026-10-02").toString());
    // posts: timestamp without time zone (what pyarrow and DuckDB write), int32 counts
    base.postsFrame().withColumn("post_id", col("post_id").plus(0).cast("string"))
        .withColumn("post_id", org.apache.spark.sql.functions.lit("p-ntz"))
        .withColumn("posted_at", col("posted_at").cast("timestamp_ntz"))
        .withColumn("likes", col("likes").cast("int"))
        .write().parquet(in.resolve("posts/ntz").toString());
    for (String encoding : List.of("INT96", "TIMESTAMP_MILLIS")) {
      spark.conf().set("spark.sql.parquet.outputTimestampType", encoding);
      try {
        base.postsFrame().withColumn("post_id", org.apache.spark.sql.functions.lit("p-" + encoding))
            .write().parquet(in.resolve("posts/" + encoding).toString());
      } finally {
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
      }
    }
    // an unparseable date directory
    base.profilesFrame().drop("snapshot_date")
        .write().parquet(in.resolve("profiles/snapshot_date=not-a-date").toString());

    IngestResult r = ingest(in, day(2));

    assertTrue(r.profiles().balances());
    assertEquals(Map.of("UNPARSEABLE_VALUE", 1L), r.profiles().quarantinedByReason());
    Row fromDirectory = table(Tables.CURATED_PROFILES, day(2)).filter(col("snapshot_date").equalTo(day(2))).first();
    assertEquals(1001L, fromDirectory.getLong(fromDirectory.fieldIndex("followers")));
    assertFalse(List.of(fromDirectory.schema().fieldNames()).contains("extra_column"));

    List<Row> posted = table(Tables.CURATED_POSTS, day(2)).orderBy("post_id")
        .select("post_id", "posted_at", "likes").collectAsList();
    assertEquals(4, posted.size());
    for (Row p : posted) {
      assertEquals(noon(1), p.getInstant(1), "posted_at of " + p.getString(0));
      assertEquals(10L, p.getLong(2));
    }
    assertTrue(Files.exists(tmp.resolve("out/curated_posts/posted_date=2026-10-01")), "posts by posted day");
  }

  @Test
  void defaultAsOfIsTheNewestSnapshotAndARerunWithNothingNewChangesNothing() {
    Path input = new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .profile("a", "instagram", "food", 1010L, day(4))
        .post("p1", "a", noon(3), 10L, 1L, day(4))
        .writeTo(tmp.resolve("in"));
    IngestResult first = ingest(input, null);
    assertEquals(day(4), first.asOf());
    assertTrue(first.mode().startsWith("full (first ingest"), first.mode());
    List<Row> before = table(Tables.CURATED_PROFILES, day(4)).orderBy("snapshot_date").collectAsList();
    List<Row> accounting = table(Tables.INGEST_ACCOUNTING, day(4)).orderBy("input_table", "measure").collectAsList();
    IngestResult second = ingest(input, null);
    assertTrue(second.mode().startsWith("incremental: reads 0 of 1 profile files, 0 of 1"), second.mode());
    assertEquals(0, second.profiles().read());
    assertEquals(before, table(Tables.CURATED_PROFILES, day(4)).orderBy("snapshot_date").collectAsList());
    assertEquals(accounting, table(Tables.INGEST_ACCOUNTING, day(4)).orderBy("input_table", "measure")
        .collectAsList(), "the date's batch keeps its accounting");
  }

  /**
   * The late-data rule, case by case: a re-delivered snapshot day, a later and a stale observation of an old post,
   * a post first observed days after it was published, and rows a known flat file held beyond the last as-of date.
   * Each batch balances; the curated tables equal one full ingest of everything.
   */
  @Test
  void lateDataIsMergedIntoTheCuratedTablesAsAFullIngestWouldHaveIt() {
    Path in = tmp.resolve("in");
    new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .profile("a", "instagram", "food", 1010L, day(2))
        .profile("b", "tiktok", "food", 500L, day(2))
        .profile("a", "instagram", "food", 1030L, day(3))                     // after the first as-of date
        .post("p1", "a", noon(1), 12L, 1L, day(2))
        .post("p2", "b", noon(2), 5L, 1L, day(2))
        .deliver(in, "first");
    IngestResult first = ingest(in, day(2));
    assertEquals(1, first.profiles().beyondAsOf());
    assertTrue(first.mode().startsWith("full"), first.mode());

    new RawInputs(spark)
        .profile("a", "instagram", "food", 1020L, day(2))                     // day 2 re-delivered: a larger count
        .profile("c", "youtube", "food", 300L, day(2))                        // ... and a creator it lacked
        .post("p1", "a", noon(1), 30L, 2L, day(1))                            // stale: observed before the kept one
        .post("p2", "b", noon(2), 9L, 1L, day(3))                             // later observation of an old post
        .post("p3", "a", noon(1), 7L, 1L, day(3))                             // published day 1, first seen day 3
        .deliver(in, "second");
    IngestResult second = ingest(in, day(3));

    assertTrue(second.mode().startsWith("incremental: reads 2 of 2 profile files, 1 of 2 post files"),
        "the first posts file holds nothing after day 2: " + second.mode());
    Accounting profiles = second.profiles();
    assertEquals(3, profiles.read(), "day 3 of the first file, and the second file");
    assertEquals(2, profiles.kept(), "a on day 3, c on day 2");
    assertEquals(1, profiles.updated(), "a on day 2");
    assertEquals(0, profiles.duplicates());
    assertTrue(profiles.balances());
    Accounting posts = second.posts();
    assertEquals(3, posts.read());
    assertEquals(1, posts.kept());
    assertEquals(2, posts.updated());
    assertTrue(posts.balances());

    List<Row> curated = table(Tables.CURATED_PROFILES, day(3)).orderBy("creator_id", "snapshot_date")
        .select("creator_id", "snapshot_date", "followers", "observations").collectAsList();
    assertEquals(List.of(
        RowFactory.create("a", day(1), 1000L, 1), RowFactory.create("a", day(2), 1020L, 2),
        RowFactory.create("a", day(3), 1030L, 1), RowFactory.create("b", day(2), 500L, 1),
        RowFactory.create("c", day(2), 300L, 1)), curated);
    List<Row> postRows = table(Tables.CURATED_POSTS, day(3)).orderBy("post_id")
        .select("post_id", "likes", "observed_date", "observations", "posted_date").collectAsList();
    assertEquals(List.of(
        RowFactory.create("p1", 12L, day(2), 2, day(1)), RowFactory.create("p2", 9L, day(3), 2, day(2)),
        RowFactory.create("p3", 7L, day(3), 1, day(1))), postRows, "latest observation wins, never a stale one");
    List<Row> measures = table(Tables.INGEST_ACCOUNTING, day(3)).filter(col("input_table").equalTo("posts"))
        .orderBy("measure").select("measure", "row_count").collectAsList();
    assertTrue(measures.contains(RowFactory.create("updated", 2L)), measures.toString());

    String full = tmp.resolve("full").toString();
    new IngestJob(spark, new IngestConfig(in.toString(), full, Optional.of(day(3)))).run();
    for (String t : List.of(Tables.CURATED_PROFILES, Tables.CURATED_POSTS, Tables.CURATED_CREATORS)) {
      OutputTrees.assertSameRows(t, OutputTrees.rowsAsOf(spark, full, t, day(3)), table(t, day(3)));
    }
  }

  /**
   * A daily batch knows the creators of earlier batches from curated_creators, not from the curated profiles (one
   * row per creator, not every snapshot ever ingested): with the profiles' folders gone, a creator of an earlier
   * batch stays known and keeps its platform. A late snapshot moves a creator's first day, here to an earlier month's
   * partition.
   * An output written before the table existed has its creators taken from the curated profiles once.
   */
  @Test
  void aDailyBatchKnowsTheCreatorsOfEarlierBatchesFromCuratedCreators() throws Exception {
    Path in = tmp.resolve("in");
    LocalDate september30 = day(1).minusDays(1);
    new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(2))
        .profile("b", "tiktok", "food", 500L, day(2))
        .post("p0", "a", noon(2), 10L, 1L, day(2))
        .deliver(in, "first");
    ingest(in, day(2));
    Path out = tmp.resolve("out");
    OutputTrees.delete(out.resolve(Tables.CURATED_PROFILES));

    new RawInputs(spark)
        .profile("a", "instagram", "food", 990L, september30)                 // late: a's first day moves back
        .profile("b", "tiktok", "food", 510L, day(3))
        .post("p1", "a", noon(3), 10L, 1L, day(3))                            // a has no snapshot in this batch
        .postRow("p2", "b", "youtube", noon(3), 4L, 0L, null, null, null, false, day(3))
        .profile("b", "youtube", "food", 80L, day(3))                         // b's id on a second platform
        .deliver(in, "second");
    IngestResult second = ingest(in, day(3));
    assertTrue(second.mode().startsWith("incremental"), second.mode());
    assertEquals(Map.of("PLATFORM_CONFLICT", 1L), second.posts().quarantinedByReason(),
        "a is known (no UNKNOWN_CREATOR); b's youtube post is not on its first platform");
    assertEquals(Map.of("PLATFORM_CONFLICT", 1L), second.profiles().quarantinedByReason(), "b stays on tiktok");
    assertEquals(List.of(RowFactory.create("a", "instagram", september30, day(2), september30.withDayOfMonth(1)),
            RowFactory.create("b", "tiktok", day(2), day(3), day(1)),
            RowFactory.create("b", "youtube", day(3), day(3), day(1))),
        creators());

    // An output of an earlier version: curated profiles, no curated_creators.
    OutputTrees.delete(out.resolve(Tables.CURATED_CREATORS));
    new RawInputs(spark).post("p3", "b", noon(4), 3L, 0L, day(4)).profile("b", "tiktok", "food", 520L, day(4))
        .deliver(in, "third");
    IngestResult third = ingest(in, day(4));
    assertEquals(Map.of(), third.posts().quarantinedByReason());
    assertEquals(List.of(RowFactory.create("a", "instagram", september30, september30, september30.withDayOfMonth(1)),
            RowFactory.create("b", "tiktok", day(3), day(4), day(1))), creators(),
        "from the curated profiles left (September 30 of a, day 3 of b) and the batch");
  }

  /**
   * A full ingest counts its rows by outcome while its quarantine write reads them: none of its queries groups the
   * rows by reason, and no observation is left waiting for an answer (this input has no audiences, so none is made
   * for them). A daily batch counts first, by such a query: what the check looks for does occur.
   */
  @Test
  void aFullIngestCountsItsRowsWhileItWritesTheQuarantine() throws Exception {
    Path in = tmp.resolve("in");
    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1)).profile(null, "tiktok", "food", 5L, day(1))
        .post("p0", "a", noon(1), 10L, 1L, day(1)).post("p1", "zz", noon(1), 10L, 1L, day(1))
        .deliver(in, "first");
    List<Boolean> groupedByReason = new java.util.ArrayList<>();
    org.apache.spark.sql.util.QueryExecutionListener queries = new org.apache.spark.sql.util.QueryExecutionListener() {
      @Override
      public void onSuccess(String name, org.apache.spark.sql.execution.QueryExecution qe, long nanos) {
        groupedByReason.add(qe.analyzed() instanceof org.apache.spark.sql.catalyst.plans.logical.Aggregate a
            && a.groupingExpressions().mkString().contains(IngestJob.REASON));
      }

      @Override
      public void onFailure(String name, org.apache.spark.sql.execution.QueryExecution qe, Exception e) {}
    };
    spark.listenerManager().register(queries);
    try {
      IngestResult full = ingest(in, day(1));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(Map.of("NULL_REQUIRED", 1L), full.profiles().quarantinedByReason());
      assertEquals(Map.of("UNKNOWN_CREATOR", 1L), full.posts().quarantinedByReason());
      assertEquals(1, full.posts().kept());
      assertFalse(groupedByReason.isEmpty());
      assertFalse(groupedByReason.contains(true), "a query of the full ingest grouped its rows by reason");
      assertEquals(List.of(), java.util.Arrays.stream(spark.listenerManager().listListeners())
          .filter(l -> l instanceof org.apache.spark.sql.ObservationListener).toList(), "observations left waiting");

      new RawInputs(spark).profile("a", "instagram", "food", 1010L, day(2)).deliver(in, "second");
      IngestResult daily = ingest(in, day(2));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(daily.mode().startsWith("incremental"), daily.mode());
      assertTrue(groupedByReason.contains(true), "the daily batch's counts");
    } finally {
      spark.listenerManager().unregister(queries);
    }
  }

  /**
   * A daily batch merges its creators into the published ones by creator, so the fold into one row per creator
   * (platform of the first day, two platforms or not) needs no shuffle of its own: two exchanges in all, the
   * batch's aggregation and the merge's.
   */
  @Test
  void theKnownCreatorsOfADailyBatchTakeNoShuffleAfterTheMerge() {
    Path in = tmp.resolve("in");
    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1)).post("p0", "a", noon(1), 10L, 1L, day(1))
        .deliver(in, "first");
    ingest(in, day(1));
    Dataset<Row> batch = spark.sql("SELECT 'b' AS creator_id, 'tiktok' AS platform, DATE'2026-10-02' AS snapshot_date");
    String[] plan = new String[1];
    OutputRun.publish(spark, tmp.resolve("out").toString(), run -> {
      run.date(day(2));
      plan[0] = CuratedCreators.known(CuratedCreators.merged(run, CuratedCreators.of(batch)), day(2))
          .queryExecution().executedPlan().treeString();
      return null;
    });
    assertEquals(2, plan[0].lines().filter(line -> line.contains("Exchange ")).count(), plan[0]);
  }

  private List<Row> creators() {
    return table(Tables.CURATED_CREATORS, null).orderBy("creator_id", "platform")
        .select("creator_id", "platform", "first_snapshot_date", "last_snapshot_date", "first_snapshot_month")
        .collectAsList();
  }

  /**
   * Platforms number posts independently, so one post_id can belong to two creators: two posts, each keeping its
   * own latest observation, in a full ingest and in a daily one that brings a later observation of one of them.
   */
  @Test
  void onePostIdUnderTwoCreatorsIsTwoPosts() {
    Path in = tmp.resolve("in");
    new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .profile("b", "tiktok", "food", 500L, day(1))
        .post("123", "a", noon(1), 10L, 1L, day(1))
        .post("123", "b", noon(1), 20L, 2L, day(1))
        .deliver(in, "first");
    IngestResult first = ingest(in, day(1));
    assertEquals(2, first.posts().kept());
    assertEquals(0, first.posts().duplicates());

    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(2))
        .post("123", "b", noon(1), 25L, 2L, day(2))
        .deliver(in, "second");
    IngestResult second = ingest(in, day(2));
    assertEquals(1, second.posts().updated());
    assertEquals(0, second.posts().kept());
    assertEquals(List.of(RowFactory.create("a", 10L), RowFactory.create("b", 25L)),
        table(Tables.CURATED_POSTS, day(2)).orderBy("creator_id").select("creator_id", "likes").collectAsList());
  }

  /**
   * One creator id on two platforms' accounts: the platform of the id's first valid snapshot keeps it (on one day,
   * the first by name); the other platform's profiles are quarantined, and its posts, in the first batch and in a
   * later one. A post naming another platform than its creator's only account stays the creator's.
   */
  @Test
  void aCreatorIdOnTwoPlatformsKeepsThePlatformOfItsFirstSnapshot() {
    Path in = tmp.resolve("in");
    new RawInputs(spark)
        .profile("a", "instagram", "fitness", 5000L, day(1))
        .profile("a", " TikTok", "food", 90L, day(2))                         // another account, the same id
        .profile("a", "instagram", "fitness", 5100L, day(2))
        .profile("b", "youtube", "food", 800L, day(1))                        // two accounts from the first day
        .profile("b", "tiktok", "food", 700L, day(1))
        .profile("c", "tiktok", "food", 300L, day(1))
        .post("p1", "a", noon(1), 100L, 5L, day(2))                           // on instagram, as are all but p2
        .postRow("p2", "a", "tiktok", noon(2), 3L, 0L, null, null, null, false, day(2))
        .post("p3", "b", noon(1), 10L, 1L, day(2))                            // b is on tiktok and youtube
        .post("p4", "c", noon(1), 10L, 1L, day(2))                            // c's only account is on tiktok
        .deliver(in, "first");
    IngestResult first = ingest(in, day(2));
    assertEquals(Map.of("PLATFORM_CONFLICT", 2L), first.profiles().quarantinedByReason());
    assertEquals(Map.of("PLATFORM_CONFLICT", 2L), first.posts().quarantinedByReason());
    assertTrue(first.profiles().balances() && first.posts().balances());
    assertEquals(List.of(RowFactory.create("a", "instagram", 5000L), RowFactory.create("a", "instagram", 5100L),
            RowFactory.create("b", "tiktok", 700L), RowFactory.create("c", "tiktok", 300L)),
        table(Tables.CURATED_PROFILES, day(2)).orderBy("creator_id", "snapshot_date")
            .select("creator_id", "platform", "followers").collectAsList());
    assertEquals(List.of("p1", "p4"), table(Tables.CURATED_POSTS, day(2)).orderBy("post_id").select("post_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    Row tiktokA = table(Tables.QUARANTINE, day(2)).filter(col("input_table").equalTo("profiles")
        .and(col("record").contains("\"@a\""))).first();
    assertEquals("creator_id 'a' is an account on instagram (its first valid snapshot), not on tiktok: creator ids "
        + "must be unique across platforms", tiktokA.getString(tiktokA.fieldIndex("detail")));

    // A later batch: the id's platform comes from the curated profiles.
    new RawInputs(spark)
        .profile("a", "tiktok", "food", 95L, day(3))
        .postRow("p5", "a", "tiktok", noon(3), 4L, 0L, null, null, null, false, day(3))
        .deliver(in, "second");
    IngestResult second = ingest(in, day(3));
    assertTrue(second.mode().startsWith("incremental"), second.mode());
    assertEquals(Map.of("PLATFORM_CONFLICT", 1L), second.profiles().quarantinedByReason());
    assertEquals(Map.of("PLATFORM_CONFLICT", 1L), second.posts().quarantinedByReason());
  }

  @Test
  void aChangedOrRemovedInputFileMakesTheNextBatchAFullIngest() throws Exception {
    Path in = tmp.resolve("in");
    RawInputs rows = new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .post("p1", "a", noon(1), 12L, 1L, day(1));
    rows.deliver(in, "first");
    new RawInputs(spark).profile("b", "tiktok", "food", 50L, day(1)).deliver(in, "second");
    assertTrue(ingest(in, day(1)).mode().startsWith("full"));
    try (var files = Files.list(in.resolve("profiles/second"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    IngestResult afterRemoval = ingest(in, day(1));
    assertTrue(afterRemoval.mode().startsWith("full (profiles file removed since it was ingested"),
        afterRemoval.mode());
    assertEquals(List.of("a"), table(Tables.CURATED_PROFILES, day(1)).select("creator_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), "the removed file's rows are gone");
  }

  @Test
  void theQuarantineRecordIsTheRowAsReadBeforeNormalising() {
    Path input = new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .profileRow("b", "   ", "@b", " Fitness ", " de ", 10L, 1L, 1L, day(1))              // blank platform
        .postRow("p1", "a", " Instagram ", noon(1), 10L, -1L, null, null, null, null, day(1)) // negative comments
        .writeTo(tmp.resolve("in"));
    ingest(input, day(1));

    List<String> records = table(Tables.QUARANTINE, day(1)).orderBy("input_table").select("record")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(2, records.size());
    assertTrue(records.get(0).contains("\"platform\":\" Instagram \""), records.get(0));
    assertFalse(records.get(0).contains("is_sponsored"), "null as read, not normalised to false: " + records.get(0));
    assertTrue(records.get(1).contains("\"platform\":\"   \",\"handle\":\"@b\",\"niche\":\" Fitness \","
        + "\"country\":\" de \""), records.get(1));
  }
}
