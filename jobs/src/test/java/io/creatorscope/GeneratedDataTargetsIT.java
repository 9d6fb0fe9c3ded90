package io.creatorscope;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.anomaly.AnomalyEvaluation;
import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.DiscoveryEvaluation;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.testing.GeneratedRun;
import io.creatorscope.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detector's measured level on the shared generated dataset ({@link GeneratedRun}: 5,000 creators x 90 days,
 * seed 7, default configuration, every job run). Since the generator's bought followers never engage and its purchases are drip-fed or hidden behind viral posts (issue #17), a share
 * of the smallest purchases cannot be told from organic wobble or a viral gain: the bounds below guard the level
 * measured on this seed (precision 0.928, recall 0.806, single-day 1.000, drip-fed 0.735, after-viral 0.663,
 * organic reported suspicious 3.5%, drop precision 0.950, clean creators with a fraud flag 0.50%, bought creators
 * in a top 10% 2 of 312) and on seeds 1-5 at 120 days (docs/anomalies.md) with some margin; issue #17's own
 * targets are reported there, not met.
 */
class GeneratedDataTargetsIT extends SparkTestBase {
  static String out;
  static final LocalDate asOf = GeneratedRun.AS_OF;

  @BeforeAll
  static void pipeline() {
    out = GeneratedRun.output(spark);
  }

  private static Dataset<Row> labels() {
    return spark.read().parquet(GeneratedRun.input(spark) + "/labels");
  }

  @Test
  void anomalyFlagsMeetTheTargets() {
    AnomalyEvaluation.Report report = new AnomalyEvaluation().evaluate(
        PublishedTables.readPartition(spark, out, Tables.GROWTH_ANOMALIES, asOf), labels(),
        PublishedTables.readPartition(spark, out, Tables.CREATOR_AUTHENTICITY, asOf),
        asOf.minusDays(AnomalyConfig.defaults().historyDays() - 1L));
    String table = report.table();
    AnomalyEvaluation.KindScore suspicious = report.kinds().get(AnomalyKind.SUSPICIOUS_SPIKE.value());
    assertTrue(suspicious.labels() > 200, table);
    assertTrue(suspicious.precision() >= 0.90, table);
    assertTrue(suspicious.recall() >= 0.75, table);
    assertTrue(suspicious.recallOf("single_day") >= 0.95, table);
    assertTrue(suspicious.recallOf("drip_fed") >= 0.6, table);
    assertTrue(suspicious.recallOf("after_viral") >= 0.6, table);
    assertTrue(report.organicAsSuspiciousRate() <= 0.06, table);
    assertTrue(report.kinds().get(AnomalyKind.DROP.value()).precision() >= 0.93, table);
    assertTrue(report.kinds().get(AnomalyKind.DROP.value()).recall() >= 0.95, table);
    assertTrue(report.kinds().get(AnomalyKind.FOLLOW_CHURN.value()).precision() >= 0.95, table);
    assertTrue(report.kinds().get(AnomalyKind.FOLLOW_CHURN.value()).recall() >= 0.95, table);
    assertTrue(report.falseFlagRate() <= 0.01, table);
    assertTrue(report.falseFraudFlagRate() <= 0.01, table);
    assertTrue(report.cleanCreators() > 4000, table);
    // The price of the caution: creators with no injected event that carry an unexplained rise (and so are left
    // unranked by default). 1.1-1.4% on seeds 101, 202 and 404.
    assertTrue(report.unexplainedRises() > 0, table);
    assertTrue(report.cleanCreatorsUnexplained() <= 0.02 * report.cleanCreators(), table);
  }

  /**
   * A day's flags are final once its look-ahead is seen: a run as of a week earlier flagged every day at least
   * {@link GrowthAnomalyJob#settledAfterDays} before it as the published run did, values and reasons alike. A daily
   * run can keep such a day's flags instead of judging it again.
   */
  @Test
  void aDaysFlagsAreFinalOnceItsLookAheadIsSeen() throws IOException {
    LocalDate earlier = asOf.minusDays(7);
    GrowthAnomalyJob job = new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults());
    String written = Files.createTempDirectory("flags-earlier").resolve("flags").toString();
    job.flags(PublishedTables.readFacts(spark, out, Tables.CURATED_PROFILES, null, earlier),
        PublishedTables.readFacts(spark, out, Tables.CURATED_POSTS, null, earlier), earlier).write().parquet(written);
    Column settled = col("date").leq(lit(earlier.minusDays(job.settledAfterDays())));
    Dataset<Row> then = spark.read().parquet(written).filter(settled);
    Dataset<Row> now = PublishedTables.readPartition(spark, out, Tables.GROWTH_ANOMALIES, asOf).filter(settled)
        .select(Arrays.stream(then.columns()).map(functions::col).toArray(Column[]::new));
    assertTrue(then.count() > 100, then.count() + " flags");
    assertEquals(0, then.exceptAll(now).count());
    assertEquals(0, now.exceptAll(then).count());
  }

  /**
   * No creator flagged with a suspicious spike is in the top 10% of any group, and few with an injected purchase
   * (measured by {@link DiscoveryEvaluation}, the same code as {@code evaluate}): those are the purchases the
   * detector missed (2-4% of the bought creators on seeds 1-5; issue #17's target is none).
   */
  @Test
  void noCreatorWithBoughtFollowersReachesTheTopTenPercentOfAnyGroup() {
    Dataset<Row> ranking = PublishedTables.readPartition(spark, out, Tables.DISCOVERY_RANKING, asOf);
    DiscoveryEvaluation.Report report = new DiscoveryEvaluation().evaluate(ranking, labels());
    assertTrue(report.topSlots() > 100, report.table());
    assertTrue(report.boughtCreators() > 200, report.table());
    assertTrue(report.boughtInTop() <= 0.05 * report.boughtCreators(), report.table());

    Dataset<Row> top = ranking.filter(col("rank").isNotNull())
        .withColumn("_ranked_in_group", count(lit(1)).over(Window.partitionBy("platform", "niche", "tier")))
        .filter(col("rank").leq(ceil(col("_ranked_in_group").multiply(DiscoveryEvaluation.TOP_SHARE))));
    assertEquals(report.topSlots(), top.count());
    Dataset<Row> flagged = PublishedTables.readPartition(spark, out, Tables.GROWTH_ANOMALIES, asOf)
        .filter(col("kind").equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value())).select("creator_id").distinct();
    assertTrue(flagged.count() > 200);
    assertEquals(java.util.List.of(), top.join(flagged, "creator_id").select("creator_id").collectAsList());
  }
}
