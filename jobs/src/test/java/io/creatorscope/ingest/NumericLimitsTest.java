package io.creatorscope.ingest;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts beyond any platform's range are quarantined as IMPLAUSIBLE_COUNT, and engagement's interaction sums
 * never wrap around to a negative engagement rate.
 */
class NumericLimitsTest extends SparkTestBase {
  /** The likes: just under 2^63, so that adding 2,000 interactions wraps around. */
  private static final long HUGE_LIKES = 9_223_372_036_854_775_000L;
  private static final long MAX_COUNT = InputLimits.defaults().maxCount();

  @TempDir Path tmp;

  @Test
  void countsBeyondTheLimitAreQuarantinedWithTheColumnAndValue() {
    Path input = new RawInputs(spark)
        .profile("a", "instagram", "food", 5000L, day(1))
        .profile("b", "instagram", "food", MAX_COUNT + 1, day(1))                          // followers
        .profile("c", "instagram", "food", MAX_COUNT, day(1))                              // at the limit: kept
        .postRow("p1", "a", "instagram", noon(1), HUGE_LIKES, 1000L, 1000L, null, null, false, day(1))
        .postRow("p2", "a", "instagram", noon(1), 10L, 1L, null, null, 5_000_000_000_000L, false, day(1)) // views
        .postRow("p3", "a", "instagram", noon(1), MAX_COUNT, 1L, null, null, null, false, day(1))         // kept
        .postRow("p4", "a", "instagram", noon(1), 10L, -1L, null, null, Long.MAX_VALUE, false, day(1))
        .writeTo(tmp.resolve("in"));

    IngestResult r = new IngestJob(spark, new IngestConfig(input.toString(), tmp.resolve("out").toString(),
        Optional.of(day(1)))).run();

    assertEquals(Map.of("IMPLAUSIBLE_COUNT", 1L), r.profiles().quarantinedByReason());
    // p4 is negative and implausible: negative comes first
    assertEquals(Map.of("IMPLAUSIBLE_COUNT", 2L, "NEGATIVE_COUNT", 1L), r.posts().quarantinedByReason());
    assertTrue(r.profiles().balances() && r.posts().balances());
    List<String> details = PublishedTables.readPartition(spark, tmp.resolve("out").toString(), Tables.QUARANTINE,
            day(1)).filter(col("reason").equalTo("IMPLAUSIBLE_COUNT")).orderBy("detail")
        .select("detail").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of(
        "followers = 1000000000001 is above 1000000000000 (ingest.max_count)",
        "likes = 9223372036854775000 is above 1000000000000 (ingest.max_count)",
        "views = 5000000000000 is above 1000000000000 (ingest.max_count)"), details);
  }

  @Test
  void theLimitIsConfigurable() {
    IngestJob.Plausible strict = new IngestJob.Plausible(day(1).minusYears(1), day(1), 100);
    Dataset<Row> flagged = IngestJob.flag(new RawInputs(spark)
            .post("p1", "a", noon(1), 100L, 1L, day(1))
            .post("p2", "a", noon(1), 101L, 1L, day(1))
            .postsFrame().withColumn(IngestJob.KNOWN, lit(true)).withColumn(IngestJob.PATH_RAW, lit(null))
            .withColumn(RawInputReader.UNREADABLE, lit(null)),
        IngestJob.postRules(Tables.input(Tables.POSTS), day(1), strict, false));
    List<Row> reasons = flagged.orderBy("post_id").select(IngestJob.REASON).collectAsList();
    assertNull(reasons.get(0).get(0));
    assertEquals("IMPLAUSIBLE_COUNT", reasons.get(1).getString(0));
  }

  /**
   * creator_engagement of one creator with 5,000 followers and the given posts. Curated tables hold the input
   * contract's columns, so raw input rows stand for them.
   */
  private static Dataset<Row> engagement(RawInputs posts) {
    RawInputs both = posts.profile("a", "instagram", "food", 5000L, day(1));
    return new EngagementJob(spark, EngagementConfig.defaults())
        .creatorEngagement(both.profilesFrame(), both.postsFrame(), day(2));
  }

  private static RawInputs posts(long[]... likesCommentsShares) {
    RawInputs in = new RawInputs(spark);
    for (int i = 0; i < likesCommentsShares.length; i++) {
      long[] c = likesCommentsShares[i];
      in.postRow("p" + (i + 1), "a", "instagram", noon(1), c[0], c[1], c.length > 2 ? c[2] : null, null, null,
          false, day(1));
    }
    return in;
  }

  @Test
  void anInteractionSumBeyondSixtyFourBitsFailsTheJobInsteadOfPublishingANegativeRate() {
    Exception e = assertThrows(Exception.class,
        () -> engagement(posts(new long[] {HUGE_LIKES, 1000, 1000})).collectAsList());
    StringBuilder message = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      message.append(t.getMessage()).append('\n');
    }
    assertTrue(message.toString().contains("post p1: likes + comments + shares + saves exceed the largest 64-bit count"),
        message.toString());

    // Exactly Long.MAX_VALUE is still exact, and gives a positive rate.
    Row atTheEdge = engagement(posts(new long[] {Long.MAX_VALUE - 2000, 1000, 1000}, new long[] {100, 0},
        new long[] {100, 0})).first();
    assertEquals((Long.MAX_VALUE / 5000.0 + 0.02 + 0.02) / 3, atTheEdge.getDouble(atTheEdge.fieldIndex("er_mean")),
        1e3);
  }

  @Test
  void sumsOfLikesAndCommentsOverManyPostsDoNotWrap() {
    // Each post's interactions fit in 64 bits; the creator's total likes do not.
    Row r = engagement(posts(new long[] {5_000_000_000_000_000_000L, 1}, new long[] {5_000_000_000_000_000_000L, 1},
        new long[] {1, 0})).first();
    double ratio = r.getDouble(r.fieldIndex("comment_to_like_ratio"));
    assertEquals(2 / 1e19, ratio, 1e-25);
  }
}
