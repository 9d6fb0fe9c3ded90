package io.creatorscope.anomaly;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code anomalies} job: flags anomalous follower growth in each creator's history and scores how authentic
 * each audience looks.
 *
 * <p>Method, per creator and snapshot (all window functions partitioned by creator, no per-creator driver work):
 * the change since the previous snapshot, normalised per day when days are missing; a robust baseline from the
 * trailing snapshots (median and MAD of the relative daily change; when the MAD is 0 on a flat history the mean
 * absolute deviation, then a floor); a robust z-score of the jump against that baseline, scaled by the square root
 * of the gap; absolute and relative floors; and the best engagement of the creator's posts in the days up to the
 * jump, against its median. A big rise after an engagement surge is organic, without one it is suspicious; a big
 * sudden loss is a drop; a following count that jumps and falls back is follow churn.
 */
public final class GrowthAnomalyJob {
  public static final String SUSPICIOUS_SPIKE = "suspicious_spike";
  public static final String ORGANIC_SPIKE = "organic_spike";
  public static final String DROP = "drop";
  public static final String FOLLOW_CHURN = "follow_churn";
  /** A change of a fifth of the audience in one event is as severe as it gets. */
  static final double FULL_SEVERITY_CHANGE = 0.20;
  /** Bought followers are typically removed 1-3 weeks later: where the decay is measured. */
  static final int DECAY_FROM_DAYS = 7;
  static final int DECAY_TO_DAYS = 21;
  /**
   * Relative standard error of a MAD-based scale is about 1.166 / sqrt(n) for n baseline points. The z-score
   * divides by the scale's one-standard-error upper bound: a short baseline gives a MAD that is too small as
   * often as too large, and the too-small ones are what flood false alarms.
   */
  static final double MAD_STANDARD_ERROR = 1.166;
  /** Floor of the post-to-post scale of log ER (a creator whose posts all do the same keeps a finite z). */
  static final double MIN_LOG_ER_SCALE = 0.1;

  private final SparkSession spark;
  private final AnomalyConfig config;
  private final EngagementConfig engagementConfig;

  public GrowthAnomalyJob(SparkSession spark, AnomalyConfig config, EngagementConfig engagementConfig) {
    this.spark = spark;
    this.config = config;
    this.engagementConfig = engagementConfig;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long flags, long creators, double seconds) {}

  /** Reads the curated and engagement tables of {@code asOf}, publishes growth_anomalies and creator_authenticity. */
  public Result run(String outputRoot, LocalDate asOf) {
    return OutputRun.publish(spark, outputRoot, out -> run(out, asOf));
  }

  /** Reads the tables of {@code asOf} as {@code out} sees them and stages both anomaly tables there. */
  public Result run(OutputRun out, LocalDate asOf) {
    Progress progress = new Progress("anomalies");
    Sparks.jobGroup(spark, "anomalies", "anomalies: growth flags and authenticity");
    Dataset<Row> profiles = out.read(Tables.CURATED_PROFILES, asOf);
    Dataset<Row> posts = out.read(Tables.CURATED_POSTS, asOf);
    out.stage(Tables.output(Tables.GROWTH_ANOMALIES), flags(profiles, posts, asOf), asOf);
    Dataset<Row> flags = out.read(Tables.GROWTH_ANOMALIES, asOf);
    long flagCount = flags.count();
    progress.step("growth_anomalies: " + flagCount + " flags");
    Dataset<Row> engagement = out.read(Tables.CREATOR_ENGAGEMENT, asOf);
    Dataset<Row> distribution = out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf);
    out.stage(Tables.output(Tables.CREATOR_AUTHENTICITY), authenticity(flags, engagement, distribution, asOf), asOf);
    long creators = out.read(Tables.CREATOR_AUTHENTICITY, asOf).count();
    progress.step("creator_authenticity: " + creators + " creators");
    out.manifest().configuration("anomaly", config).configuration("engagement", engagementConfig)
        .job("anomalies", progress.elapsedSeconds());
    return new Result(asOf, flagCount, creators, progress.elapsedSeconds());
  }

  /** The growth_anomalies table (without as_of_date). */
  public Dataset<Row> flags(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    EngagementConfig historyWindow = new EngagementConfig(config.historyDays(), engagementConfig.minPosts(),
        engagementConfig.matchAfterDays(), engagementConfig.tiers(), engagementConfig.percentileAccuracy());
    Dataset<Row> stream = new EngagementJob(spark, historyWindow).annotatedStream(profiles, posts, asOf)
        .withColumn("_t", datediff(col("_day"), lit(asOf)));

    // Engagement before each day: the best post ER in [t - surgeDays, t - 1] (a viral post comes first, then the
    // followers), and the creator's median post ER.
    Column isPost = col("_kind").equalTo(1);
    WindowSpec byCreator = Window.partitionBy(Columns.CREATOR_ID);
    WindowSpec recent = byCreator.orderBy(col("_t")).rangeBetween(-config.surgeDays(), -1);
    // The surge test is a modified z-score of the best recent post's log ER within the creator's own posts, so it
    // adapts to how much each creator's engagement varies from post to post.
    Column logEr = when(isPost.and(col(EngagementJob.ER).gt(0)), log(col(EngagementJob.ER)));
    Dataset<Row> snapshots = stream
        .withColumn("_log_er", logEr)
        .withColumn("_recent_er", max(when(isPost, col(EngagementJob.ER))).over(recent))
        .withColumn("_median_log_er", percentile(col("_log_er"), lit(0.5)).over(byCreator))
        .withColumn("_mad_log_er", percentile(abs(col("_log_er").minus(col("_median_log_er"))), lit(0.5))
            .over(byCreator))
        .filter(col("_kind").equalTo(0))
        .drop(EngagementJob.ER, EngagementJob.VIEWS_ER, EngagementJob.INTERACTIONS, EngagementJob.POST_FOLLOWERS,
            EngagementJob.MATCHED, "_log_er", Columns.POST_ID, Columns.LIKES, Columns.COMMENTS, Columns.SHARES, Columns.SAVES,
            Columns.VIEWS, Columns.IS_SPONSORED);

    WindowSpec series = byCreator.orderBy(col("_t"));
    Dataset<Row> changes = snapshots
        .withColumn("_prev_f", lag(col(Columns.FOLLOWERS), 1).over(series))
        .withColumn("_prev_following", lag(col(Columns.FOLLOWING), 1).over(series))
        .withColumn("_prev_t", lag(col("_t"), 1).over(series))
        .withColumn("_gap", col("_t").minus(col("_prev_t")))
        .withColumn("_jump", col(Columns.FOLLOWERS).minus(col("_prev_f")))
        .withColumn("_jump_rel", when(col("_prev_f").gt(0), col("_jump").divide(col("_prev_f"))))
        .withColumn("_rel_per_day", col("_jump_rel").divide(col("_gap")))
        .withColumn("_hist", collect_list(col("_rel_per_day"))
            .over(series.rowsBetween(-config.baselineSnapshots(), -1)))
        .withColumn("_future_min_f", min(col(Columns.FOLLOWERS))
            .over(series.rangeBetween(DECAY_FROM_DAYS, DECAY_TO_DAYS)))
        .withColumn("_future_min_following", min(col(Columns.FOLLOWING))
            .over(series.rangeBetween(1, config.churnRevertDays())));

    // Robust baseline of the trailing window: median and MAD, with the fallbacks for flat histories.
    Dataset<Row> scored = changes
        .withColumn("_sorted", expr("array_sort(_hist)"))
        .withColumn("_n", expr("size(_sorted)"))
        .withColumn("_median", medianOfSorted("_sorted"))
        .withColumn("_devs", expr("array_sort(transform(_sorted, x -> abs(x - _median)))"))
        .withColumn("_mad", medianOfSorted("_devs"))
        .withColumn("_mean_ad", expr("aggregate(_devs, 0D, (acc, x) -> acc + x) / _n"))
        .withColumn("_scale", greatest(
            when(col("_mad").gt(0), col("_mad").multiply(1.4826))
                .when(col("_mean_ad").gt(0), col("_mean_ad").multiply(1.2533))
                .otherwise(lit(0.0)),
            lit(config.minRelativeScale())))
        .withColumn("_z", col("_jump_rel").minus(col("_median").multiply(col("_gap")))
            .divide(col("_scale").multiply(lit(1.0).plus(lit(MAD_STANDARD_ERROR).divide(sqrt(col("_n")))))
                .multiply(sqrt(col("_gap")))))
        .withColumn("_engagement_change", col("_recent_er").divide(exp(col("_median_log_er"))))
        .withColumn("_surge_z", when(col("_recent_er").gt(0), log(col("_recent_er")).minus(col("_median_log_er"))
            .divide(greatest(col("_mad_log_er").multiply(1.4826), lit(MIN_LOG_ER_SCALE)))))
        .withColumn(Columns.TIER, engagementConfig.tiers().tierOf(col("_prev_f")))
        .withColumn("_peer_pct", percent_rank()
            .over(Window.partitionBy(col(Columns.PLATFORM), col(Columns.TIER), col("_t")).orderBy(col("_rel_per_day"))));

    Column inHistory = col("_t").gt(-config.historyDays()).and(col("_prev_f").isNotNull());
    Column eligible = inHistory.and(col("_n").geq(config.minBaselineSnapshots()));
    Column bigMove = eligible
        .and(abs(col("_jump")).geq(config.minAbsoluteChange()))
        .and(abs(col("_jump_rel")).geq(config.minRelativeChange()))
        .and(abs(col("_z")).geq(config.zThreshold()));
    Column up = bigMove.and(col("_z").gt(0));
    Column surge = coalesce(col("_surge_z").geq(config.surgeZ())
        .and(col("_engagement_change").geq(config.surgeMinRatio())), lit(false));
    Column followerKind = when(up.and(surge), lit(ORGANIC_SPIKE))
        .when(up, lit(SUSPICIOUS_SPIKE))
        .when(bigMove.and(col("_z").lt(0)).and(col("_jump_rel").leq(-config.dropMinRelative())), lit(DROP));

    Column followingJump = col(Columns.FOLLOWING).minus(col("_prev_following"));
    Column churn = inHistory
        .and(followingJump.geq(config.churnMinAbsolute()))
        .and(followingJump.geq(col("_prev_following").multiply(config.churnMinRelative())))
        .and(col(Columns.FOLLOWING).minus(col("_future_min_following"))
            .geq(followingJump.multiply(config.churnRevertShare())));

    Column decay = when(col("_jump").gt(0), least(lit(1.0), greatest(lit(0.0),
        col(Columns.FOLLOWERS).minus(col("_future_min_f")).divide(col("_jump")))));
    // One pass: a creator-day can carry a follower flag and a follow_churn flag; explode the kinds it has.
    Column isChurn = col(Columns.KIND).equalTo(FOLLOW_CHURN);
    return scored.filter(followerKind.isNotNull().or(churn))
        .withColumn(Columns.KIND, explode(array_compact(array(followerKind, when(churn, lit(FOLLOW_CHURN))))))
        .withColumn("change_per_day", when(isChurn, followingJump).otherwise(col("_jump")).divide(col("_gap")))
        .withColumn("relative_change_per_day", when(isChurn, when(col("_prev_following").gt(0),
                followingJump.divide(col("_prev_following")).divide(col("_gap"))).otherwise(lit(0.0)))
            .otherwise(col("_rel_per_day")))
        .withColumn("decay_share", when(col(Columns.KIND).isin(SUSPICIOUS_SPIKE, ORGANIC_SPIKE), decay))
        .withColumn("severity", severity())
        .withColumn("reason", reason())
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.TIER),
            col("_day").as("date"), col(Columns.KIND), date_add(lit(asOf), col("_prev_t")).as("previous_date"),
            col("_prev_f").as("followers_before"), col(Columns.FOLLOWERS).as("followers_after"),
            col("_prev_following").as("following_before"), col(Columns.FOLLOWING).as("following_after"),
            col("change_per_day"), col("relative_change_per_day"), col("_z").as("robust_z"),
            col("_peer_pct").as("peer_percentile"), col("_engagement_change").as("engagement_change"),
            col("decay_share"), col("severity"), col("reason"));
  }

  /**
   * The creator_authenticity table (without as_of_date): one row per creator of creator_engagement, with its
   * flags of the last {@code authenticityDays} days and a score that multiplies four 0-1 components, so any one
   * clear red flag pulls it down.
   */
  public Dataset<Row> authenticity(Dataset<Row> flags, Dataset<Row> engagement, Dataset<Row> distribution,
      LocalDate asOf) {
    LocalDate from = asOf.minusDays(config.authenticityDays() - 1L);
    Column kind = col(Columns.KIND);
    Column gain = col("followers_after").minus(col("followers_before"));
    Dataset<Row> perCreator = flags.filter(col("date").geq(lit(from)))
        .groupBy(col(Columns.CREATOR_ID))
        .agg(countOf(kind, SUSPICIOUS_SPIKE).as("suspicious_spikes"),
            countOf(kind, ORGANIC_SPIKE).as("organic_spikes"),
            countOf(kind, DROP).as("drops"),
            countOf(kind, FOLLOW_CHURN).as("follow_churns"),
            sum(when(kind.equalTo(SUSPICIOUS_SPIKE), gain)).as("_suspicious_gain"),
            max(when(kind.equalTo(SUSPICIOUS_SPIKE), gain)).as("largest_suspicious_gain"));
    Dataset<Row> joined = EngagementJob.withGroupMedian(engagement
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.TIER),
            col(Columns.FOLLOWERS), col("er_median"), col("rated"))
        .join(perCreator, Columns.CREATOR_ID, "left"), distribution, "_group_median");
    Column gainShare = when(col(Columns.FOLLOWERS).gt(0), least(lit(1.0),
        coalesce(col("_suspicious_gain"), lit(0L)).divide(col(Columns.FOLLOWERS)))).otherwise(lit(0.0));
    Column erVsPeers = when(col("rated").and(col("_group_median").gt(0)),
        col("er_median").divide(col("_group_median")));
    Column engagementComponent = when(col("er_vs_peers").isNotNull(), least(lit(1.0), greatest(lit(0.0),
        log(greatest(col("er_vs_peers"), lit(1e-9))).minus(Math.log(0.2)).divide(Math.log(0.5) - Math.log(0.2)))));
    return joined
        .withColumn("suspicious_spikes", coalesce(col("suspicious_spikes"), lit(0)))
        .withColumn("organic_spikes", coalesce(col("organic_spikes"), lit(0)))
        .withColumn("drops", coalesce(col("drops"), lit(0)))
        .withColumn("follow_churns", coalesce(col("follow_churns"), lit(0)))
        .withColumn("suspicious_gain_share", gainShare)
        .withColumn("er_vs_peers", erVsPeers)
        .withColumn("spike_component", greatest(lit(0.0), lit(1.0).minus(col("suspicious_gain_share").divide(0.25))))
        .withColumn("drop_component", greatest(lit(0.0), lit(1.0).minus(col("drops").multiply(0.25))))
        .withColumn("churn_component", greatest(lit(0.0), lit(1.0).minus(col("follow_churns").multiply(0.3))))
        .withColumn("engagement_component", engagementComponent)
        .withColumn("authenticity_score", col("spike_component").multiply(col("drop_component"))
            .multiply(col("churn_component")).multiply(coalesce(col("engagement_component"), lit(1.0))));
  }

  private static Column countOf(Column kind, String value) {
    return sum(when(kind.equalTo(value), 1).otherwise(0)).cast("int");
  }

  /** Median of a sorted array column (1-based element_at; the mean of the two middle values when n is even). */
  private static Column medianOfSorted(String sorted) {
    return expr("CASE WHEN size(" + sorted + ") = 0 THEN NULL ELSE (element_at(" + sorted + ", CAST(floor((size("
        + sorted + ") + 1) / 2.0) AS INT)) + element_at(" + sorted + ", CAST(ceil((size(" + sorted
        + ") + 1) / 2.0) AS INT))) / 2 END");
  }

  /**
   * 0-1: the size of the change against a change of a fifth of the audience. A suspicious spike whose gain decays
   * again weighs more (bought followers being removed); an organic spike weighs half (it is not a fraud signal);
   * follow churn is measured against doubling the following count.
   */
  private static Column severity() {
    Column size = least(lit(1.0), abs(col("_jump_rel")).divide(FULL_SEVERITY_CHANGE));
    return when(col(Columns.KIND).equalTo(SUSPICIOUS_SPIKE),
            least(lit(1.0), size.multiply(lit(1.0).plus(coalesce(col("decay_share"), lit(0.0))))))
        .when(col(Columns.KIND).equalTo(ORGANIC_SPIKE), size.multiply(0.5))
        .when(col(Columns.KIND).equalTo(DROP), size)
        .otherwise(least(lit(1.0), col("relative_change_per_day").multiply(col("_gap")).divide(2.0)));
  }

  private Column reason() {
    Column move = format_string("followers %+d (%+.1f%%) over %d day(s), robust z %.1f against its own history",
        col("_jump"), col("_jump_rel").multiply(100), col("_gap"), col("_z"));
    Column engagement = when(col("_engagement_change").isNull(),
            lit("no rated post in the " + config.surgeDays() + " days before"))
        .otherwise(format_string("best post in the %d days before did %.1fx its median ER (robust z %.1f; a surge "
            + "needs %.1fx and z %.1f)", lit(config.surgeDays()), col("_engagement_change"), col("_surge_z"),
            lit(config.surgeMinRatio()), lit(config.surgeZ())));
    Column decayText = when(col("decay_share").geq(0.1),
        format_string("; %.0f%% of the gain gone %d-%d days later", col("decay_share").multiply(100),
            lit(DECAY_FROM_DAYS), lit(DECAY_TO_DAYS))).otherwise(lit(""));
    Column churnText = format_string(
        "following %+d (%d -> %d) over %d day(s), back down to %d within %d days",
        col(Columns.FOLLOWING).minus(col("_prev_following")), col("_prev_following"), col(Columns.FOLLOWING),
        col("_gap"), col("_future_min_following"), lit(config.churnRevertDays()));
    return when(col(Columns.KIND).equalTo(SUSPICIOUS_SPIKE),
            concat_ws("", lit("suspicious spike: "), move, lit("; no engagement surge: "), engagement, decayText))
        .when(col(Columns.KIND).equalTo(ORGANIC_SPIKE),
            concat_ws("", lit("organic spike: "), move, lit("; after an engagement surge: "), engagement))
        .when(col(Columns.KIND).equalTo(DROP), concat_ws("", lit("drop: "), move))
        .otherwise(concat_ws("", lit("follow churn: "), churnText));
  }
}
