package io.creatorscope.discovery;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.GroupMedians;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code rank} job: the discovery_ranking table. Every rated creator gets five 0-1 components and a 0-100
 * score (a weighted mean, so it is monotone in each component), and a rank within its platform x niche x tier
 * group. Creators with a severe suspicious spike or an unexplained rise in the window, and emerging accounts by
 * default, keep their row with rank null and the reason.
 */
public final class DiscoveryJob extends BaseJob<DiscoveryJob.Result> {
  static final int GROWTH_DAYS = 30;
  /** Posts a week that count as fully regular posting. */
  static final double REGULAR_POSTS_PER_WEEK = 3.0;
  /** Above this share of sponsored posts audiences tire of ads: the paid component falls linearly to 0 at 100%. */
  static final double SPONSORED_SHARE_LIMIT = 0.3;

  private final DiscoveryConfig config;
  private final EngagementConfig engagementConfig;

  public DiscoveryJob(SparkSession spark, DiscoveryConfig config, EngagementConfig engagementConfig) {
    super(spark, "rank", "discovery_ranking");
    this.config = config;
    this.engagementConfig = engagementConfig;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long rows, long ranked, double seconds) implements JobResult {
    @Override
    public String summary() {
      return rows + " rated creators in discovery_ranking, " + ranked + " ranked";
    }
  }

  /** Reads the engagement and anomaly tables of {@code asOf} as {@code out} sees them, stages discovery_ranking. */
  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    Dataset<Row> ranking = ranking(
        out.read(Tables.CREATOR_ENGAGEMENT, asOf),
        out.read(Tables.CREATOR_AUTHENTICITY, asOf),
        out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf),
        out.read(Tables.GROWTH_ANOMALIES, asOf),
        out.readFacts(Tables.output(Tables.CURATED_PROFILES),
            asOf.minusDays(GROWTH_DAYS + (long) engagementConfig.windowDays()), asOf.minusDays(GROWTH_DAYS)), asOf);
    out.stage(Tables.output(Tables.DISCOVERY_RANKING), ranking.repartition(col(Columns.NICHE)), asOf);
    Row counts = out.read(Tables.DISCOVERY_RANKING, asOf).agg(count(lit(1)), count(col("rank"))).first();
    progress.step("discovery_ranking: " + counts.getLong(0) + " rated creators, " + counts.getLong(1) + " ranked");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("discovery", config, "engagement", engagementConfig);
  }

  /** The discovery_ranking table (without as_of_date). */
  public Dataset<Row> ranking(Dataset<Row> engagement, Dataset<Row> authenticity, Dataset<Row> distribution,
      Dataset<Row> flags, Dataset<Row> profiles, LocalDate asOf) {
    LocalDate growthFrom = asOf.minusDays(GROWTH_DAYS);
    Dataset<Row> followersBefore = profiles.filter(col(Columns.SNAPSHOT_DATE).leq(lit(growthFrom))
            .and(col(Columns.SNAPSHOT_DATE).gt(lit(growthFrom.minusDays(engagementConfig.windowDays())))))
        .groupBy(col(Columns.CREATOR_ID))
        .agg(max_by(col(Columns.FOLLOWERS), col(Columns.SNAPSHOT_DATE)).as("_followers_30d_ago"));
    Column suspicious = col(Columns.KIND).equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value());
    LocalDate windowStart = engagementConfig.windowStart(asOf);
    Column unexplained = col(Columns.KIND).equalTo(AnomalyKind.UNEXPLAINED_RISE.value())
        .and(col("date").geq(lit(windowStart)));
    Dataset<Row> flagFacts = flags.filter(suspicious.or(unexplained))
        .groupBy(col(Columns.CREATOR_ID))
        .agg(sum(when(suspicious.and(col("date").gt(lit(growthFrom))),
                col("followers_after").minus(col("followers_before")))).as("_suspicious_gain_30d"),
            max(when(suspicious.and(col("date").geq(lit(windowStart))), col("severity"))).as("_worst_severity"),
            max_by(struct(col("date"), col("relative_change_per_day"), col("robust_z")),
                when(unexplained, col("robust_z"))).as("_unexplained"));
    Dataset<Row> auth = authenticity.select(col(Columns.CREATOR_ID), col("authenticity_score"),
        col("suspicious_spikes"));

    Dataset<Row> base = GroupMedians.withGroupMedian(engagement.filter(col("rated"))
        .join(auth, Columns.CREATOR_ID, "left")
        .join(followersBefore, Columns.CREATOR_ID, "left")
        .join(flagFacts, Columns.CREATOR_ID, "left"), distribution, "group_median_er");

    double k = config.shrinkagePosts();
    Column posts = col("rated_posts").cast("double");
    Column shrunk = col("er_median").multiply(posts).plus(coalesce(col("group_median_er"), col("er_median"))
        .multiply(k)).divide(posts.plus(k));
    Column growth = when(col("_followers_30d_ago").gt(0), col(Columns.FOLLOWERS).minus(col("_followers_30d_ago"))
        .minus(coalesce(col("_suspicious_gain_30d"), lit(0L))).divide(col("_followers_30d_ago")));
    WindowSpec group = Window.partitionBy(col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.TIER));
    Column regular = least(lit(1.0), col("posts_per_week").divide(REGULAR_POSTS_PER_WEEK));
    Column consistency = when(col("er_median").gt(0),
        lit(1.0).divide(lit(1.0).plus(coalesce(col("er_iqr"), lit(0.0)).divide(col("er_median"))))).otherwise(0.0);
    Column paidRatio = when(col("paid_post_performance").isNotNull(),
        least(lit(1.0), col("paid_post_performance"))).otherwise(lit(0.5));
    Column adFatigue = greatest(lit(0.0), lit(1.0).minus(greatest(lit(0.0),
        coalesce(col("sponsored_share"), lit(0.0)).minus(SPONSORED_SHARE_LIMIT)).divide(1 - SPONSORED_SHARE_LIMIT)));

    Dataset<Row> scored = base
        .withColumn("shrunk_er", shrunk)
        .withColumn("growth_30d", growth)
        .withColumn("suspicious_spikes", coalesce(col("suspicious_spikes"), lit(0)))
        .withColumn("authenticity_score", coalesce(col("authenticity_score"), lit(1.0)))
        .withColumn("engagement_component", groupPercentile(group, col("shrunk_er")))
        .withColumn("authenticity_component", col("authenticity_score"))
        .withColumn("growth_component", when(col("growth_30d").isNull(), lit(0.5))
            .otherwise(groupPercentile(group, coalesce(col("growth_30d"), lit(0.0)))))
        .withColumn("activity_component", regular.multiply(0.5).plus(consistency.multiply(0.5)))
        .withColumn("paid_component", paidRatio.multiply(adFatigue))
        .withColumn("score", lit(100.0).multiply(
            col("engagement_component").multiply(config.weightEngagement())
                .plus(col("authenticity_component").multiply(config.weightAuthenticity()))
                .plus(col("growth_component").multiply(config.weightGrowth()))
                .plus(col("activity_component").multiply(config.weightActivity()))
                .plus(col("paid_component").multiply(config.weightPaid())))
            .divide(config.weightSum()));

    String lowestTier = engagementConfig.tiers().tiers().get(0).name();
    Column excluded = when(coalesce(col("_worst_severity"), lit(0.0)).geq(config.excludeMinSeverity()),
            format_string("suspicious follower spike in the last %d days (severity %.2f)",
                lit(engagementConfig.windowDays()), col("_worst_severity")))
        .when(lit(config.excludeUnexplainedRises()).and(col("_unexplained.date").isNotNull()),
            format_string("unexplained follower rise (%+.1f%% a day on %s, robust z %.1f) in the last %d days: not "
                + "ranked until explained (discovery.exclude_unexplained_rises)",
                col("_unexplained.relative_change_per_day").multiply(100), col("_unexplained.date").cast("string"),
                col("_unexplained.robust_z"), lit(engagementConfig.windowDays())))
        .when(lit(!config.rankEmerging()).and(col(Columns.TIER).equalTo(lowestTier)),
            lit(lowestTier + " tier: not ranked by default (discovery.rank_emerging)"));
    Dataset<Row> withExclusion = scored.withColumn("excluded_reason", excluded)
        .withColumn("_ranked", col("excluded_reason").isNull());
    // Same partitioning as the percentiles above (no second shuffle); ranked creators sort first.
    WindowSpec rankOrder = group.orderBy(col("_ranked").desc(), col("score").desc(), col(Columns.CREATOR_ID));
    return withExclusion
        .withColumn("rank", when(col("_ranked"), row_number().over(rankOrder)))
        .withColumn("er", col("er_median"))
        .withColumn("top_reasons", topReasons());
  }

  /** Percent rank within the group (0 = lowest, 1 = highest); a group of one scores 0.5. */
  private static Column groupPercentile(WindowSpec group, Column value) {
    Column n = count(lit(1)).over(group);
    return when(n.leq(1), lit(0.5)).otherwise(percent_rank().over(group.orderBy(value)));
  }

  /** The two components with the largest weighted contribution, in words. */
  private Column topReasons() {
    String[][] parts = {
      {"engagement_component", "engagement percentile %.0f among peers", String.valueOf(config.weightEngagement())},
      {"authenticity_component", "authenticity %.2f", String.valueOf(config.weightAuthenticity())},
      {"growth_component", "organic growth percentile %.0f among peers", String.valueOf(config.weightGrowth())},
      {"activity_component", "steady activity %.2f", String.valueOf(config.weightActivity())},
      {"paid_component", "sponsored posts perform %.2f", String.valueOf(config.weightPaid())},
    };
    Column[] texts = new Column[parts.length];
    Column[] weights = new Column[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Column value = col(parts[i][0]);
      Column shown = parts[i][0].equals("engagement_component") || parts[i][0].equals("growth_component")
          ? value.multiply(100) : value;
      texts[i] = format_string(parts[i][1], shown);
      weights[i] = value.multiply(Double.parseDouble(parts[i][2]));
    }
    Column structs = org.apache.spark.sql.functions.array(java.util.stream.IntStream.range(0, parts.length)
        .mapToObj(i -> org.apache.spark.sql.functions.struct(weights[i].as("w"), texts[i].as("t")))
        .toArray(Column[]::new));
    Column sorted = org.apache.spark.sql.functions.sort_array(structs, false);
    return concat_ws("; ", sorted.getItem(0).getField("t"), sorted.getItem(1).getField("t"));
  }
}
