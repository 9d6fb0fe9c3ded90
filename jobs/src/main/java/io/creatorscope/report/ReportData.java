package io.creatorscope.report;

import io.creatorscope.economics.CampaignPlanner;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, already small: rollup rows of engagement_distribution, a bounded number of ranked
 * creators, the histories of a bounded number of flagged creators and the ingest accounting. {@link ReportReader}
 * fills it with Spark; {@link ReportPage} turns it into HTML without Spark.
 *
 * @param output the output location the tables were read from (shown in the page header)
 * @param tierOrder tier names from the lowest to the highest follower bound (the configured tier scheme)
 * @param benchmarkByTier the published Instagram median ER of the tiers that have one ({@link Benchmarks})
 * @param topPerGroup how many creators per niche x tier were asked for
 * @param plan the campaign plan of the report's default brief ({@link ReportReader#PLAN_BUDGET_USD})
 */
public record ReportData(String output, LocalDate asOf, Overview overview, List<String> tierOrder,
    Map<String, Double> benchmarkByTier, List<Distribution> distributions, int topPerGroup,
    List<TopCreator> topCreators, List<FlaggedCreator> flagged, List<AccountingRow> accounting,
    List<CostGroup> costs, CampaignPlanner.Plan plan) {

  /**
   * Median cost per engagement of the ranked creators of one platform x tier, at their low and their high price
   * (creator_economics).
   */
  public record CostGroup(String platform, String tier, long creators, double cpeLowMedian, double cpeHighMedian) {}

  /** Headline counts of the run. */
  public record Overview(long creators, long ratedCreators, long rankedCreators, Map<String, Long> flagsByKind) {}

  /**
   * One rollup row of engagement_distribution: a platform x tier ({@code niche = '_all'}) or platform x niche
   * ({@code tier = '_all'}) group, or the whole platform (both '_all').
   */
  public record Distribution(String platform, String tier, String niche, String groupLevel, long ratedCreators,
      double p05, double p25, double p50, double p75, double p95) {}

  /** One ranked creator among the best of its niche x tier (all platforms), with its score components. */
  public record TopCreator(String niche, String tier, int position, String platform, int rank, String handle,
      String country, long followers, double er, double groupMedianEr, double score, double engagement,
      double authenticity, double growth, double activity, double paid, String topReasons) {}

  /** A flagged creator with its flags and its follower and posting history over the report's window. */
  public record FlaggedCreator(String creatorId, String handle, String platform, String niche, String tier,
      double maxSeverity, List<Flag> flags, List<Snapshot> history, List<PostDay> postDays) {}

  /**
   * One row of growth_anomalies; {@code relativeChangePerDay} is of the following count for follow_churn (whose
   * following counts are then set) and of the followers otherwise.
   */
  public record Flag(LocalDate date, String kind, long followersBefore, long followersAfter, Long followingBefore,
      Long followingAfter, double relativeChangePerDay, double severity, String reason) {}

  /** Followers on one snapshot day. */
  public record Snapshot(LocalDate date, long followers) {}

  /** The posts a creator published on one day and their mean engagement rate (null when no snapshot matched). */
  public record PostDay(LocalDate date, long posts, long interactions, Double meanEr) {}

  /** One row of ingest_accounting. */
  public record AccountingRow(String inputTable, String measure, String reason, long rows) {}
}
