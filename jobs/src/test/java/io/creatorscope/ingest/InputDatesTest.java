package io.creatorscope.ingest;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.DuckDb;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Days before 1582 written by a proleptic-Gregorian writer (DuckDB) are read, and dates no platform can have
 * (before ingest.earliest_date, after the day of the run plus ingest.future_days) are quarantined as
 * IMPLAUSIBLE_DATE.
 */
class InputDatesTest extends SparkTestBase {
  @TempDir Path tmp;

  private static final String PROFILE = "'instagram', '@x', 'food', 'DE', 1000::BIGINT, 10::BIGINT, 5::BIGINT";
  private static final String POST = "'a', 'instagram', %s, 10::BIGINT, 1::BIGINT, NULL::BIGINT, NULL::BIGINT, "
      + "NULL::BIGINT, false, %s";

  /** Writes the inputs with DuckDB, as the issue did: DuckDB's files carry no Spark calendar metadata. */
  private Path writeWithDuckDb() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in.resolve("profiles"));
    Files.createDirectories(in.resolve("posts"));
    DuckDb.execute("COPY (SELECT * FROM (VALUES "
        + "('a', " + PROFILE + ", DATE '2026-10-01'), "
        + "('a', " + PROFILE + ", DATE '2026-10-02'), "
        + "('ancient', " + PROFILE + ", DATE '0001-01-01'), "
        + "('far', " + PROFILE + ", DATE '9999-12-31'), "
        + "('soon', " + PROFILE + ", DATE '2026-10-03'), "      // the day of the run + 1: plausible
        + "('later', " + PROFILE + ", DATE '2026-10-04')"       // + 2
        + ") t(creator_id, platform, handle, niche, country, followers, following, media_count, snapshot_date)) "
        + "TO '" + in.resolve("profiles/p.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT * FROM (VALUES "
        + "('p1', " + String.format(POST, "TIMESTAMP '2026-10-01 12:00:00'", "DATE '2026-10-02'") + "), "
        + "('p-ancient', " + String.format(POST, "TIMESTAMP '0001-01-01 00:00:00'", "DATE '2026-10-02'") + "), "
        + "('p-2003', " + String.format(POST, "TIMESTAMP '2003-12-31 23:59:59'", "DATE '2026-10-02'") + "), "
        + "('p-2004', " + String.format(POST, "TIMESTAMP '2004-01-01 00:00:00'", "DATE '2026-10-02'") + "), "
        + "('p-1970', " + String.format(POST, "TIMESTAMP '2026-10-01 12:00:00'", "DATE '1970-01-01'") + ")"
        + ") t(post_id, creator_id, platform, posted_at, likes, comments, shares, saves, views, is_sponsored, "
        + "observed_date)) TO '" + in.resolve("posts/p.parquet") + "' (FORMAT parquet)");
    return in;
  }

  @Test
  void ancientAndFutureDatesAreReadAndQuarantinedAndNeverBecomeTheAsOfDate() throws Exception {
    Path in = writeWithDuckDb();
    String out = tmp.resolve("out").toString();

    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.empty(),
        InputLimits.defaults(), day(2))).run();

    assertEquals(day(3), r.asOf(), "the newest plausible snapshot, not 9999-12-31 or the day after tomorrow");
    assertEquals(Map.of("IMPLAUSIBLE_DATE", 3L), r.profiles().quarantinedByReason());
    assertEquals(Map.of("IMPLAUSIBLE_DATE", 3L), r.posts().quarantinedByReason());
    assertTrue(r.profiles().balances() && r.posts().balances());
    List<String> details = PublishedTables.readPartition(spark, out, Tables.QUARANTINE, day(3))
        .orderBy("input_table", "detail").select("detail").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of(
        "observed_date 1970-01-01 is before 2004-01-01 (ingest.earliest_date)",
        "posted_at 0001-01-01 00:00:00 is before 2004-01-01 (ingest.earliest_date)",
        "posted_at 2003-12-31 23:59:59 is before 2004-01-01 (ingest.earliest_date)",
        "snapshot_date 0001-01-01 is before 2004-01-01 (ingest.earliest_date)",
        "snapshot_date 2026-10-04 is after 2026-10-03 (the day of the run plus ingest.future_days)",
        "snapshot_date 9999-12-31 is after 2026-10-03 (the day of the run plus ingest.future_days)"), details);
    List<String> kept = OutputTrees.rowsAsOf(spark, out, Tables.CURATED_POSTS, day(3)).orderBy("post_id")
        .select("post_id").as(Encoders.STRING()).collectAsList();
    assertEquals(List.of("p-2004", "p1"), kept);
  }

  @Test
  void theEarliestDayIsConfigurable() {
    // Instagram opened on 2010-10-06: a platform-specific floor for an Instagram-only input.
    IngestJob.Plausible instagram = new IngestJob.Plausible(LocalDate.of(2010, 10, 6), day(2), Long.MAX_VALUE);
    List<Row> reasons = IngestJob.flag(new RawInputs(spark)
            .post("p-2009", "a", LocalDate.of(2009, 5, 1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC), 1L,
                1L, day(1))
            .post("p1", "a", noon(1), 1L, 1L, day(1))
            .postsFrame().withColumn(IngestJob.KNOWN, lit(true)).withColumn(IngestJob.PATH_RAW, lit(null))
            .withColumn(RawInputReader.UNREADABLE, lit(null)),
        IngestJob.postRules(Tables.input(Tables.POSTS), day(2), instagram, false))
        .orderBy(col("post_id").desc()).select(IngestJob.REASON).collectAsList();
    assertNull(reasons.get(0).get(0));
    assertEquals("IMPLAUSIBLE_DATE", reasons.get(1).getString(0));
  }

  /**
   * An as-of date after the newest snapshot is run (a day without deliveries happens) but said in the batch's mode
   * line, with how far; a first run and a daily one alike. At or before the newest snapshot nothing is said.
   */
  @Test
  void anAsOfDateAfterTheNewestSnapshotIsSaid() {
    Path in = RawInputs.twoDays(spark, tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    IngestResult first = new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(2)),
        InputLimits.defaults(), day(20))).run();
    assertTrue(!first.mode().contains("newest profile snapshot"), first.mode());
    IngestResult later = new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(9)),
        InputLimits.defaults(), day(20))).run();
    assertTrue(later.mode().endsWith("; the newest profile snapshot is " + day(2) + ", 7 days before the as-of date"),
        later.mode());
    IngestResult fresh = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("fresh").toString(),
        Optional.of(day(3)), InputLimits.defaults(), day(20))).run();
    assertTrue(fresh.mode().endsWith("; the newest profile snapshot is " + day(2) + ", 1 day before the as-of date"),
        fresh.mode());
  }
}
