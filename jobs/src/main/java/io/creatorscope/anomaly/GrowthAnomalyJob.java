package io.creatorscope.anomaly;

import static io.creatorscope.anomaly.AnomalyKind.DROP;
import static io.creatorscope.anomaly.AnomalyKind.FOLLOW_CHURN;
import static io.creatorscope.anomaly.AnomalyKind.ORGANIC_SPIKE;
import static io.creatorscope.anomaly.AnomalyKind.SUSPICIOUS_SPIKE;
import static io.creatorscope.anomaly.AnomalyKind.UNEXPLAINED_RISE;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.GroupMedians;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
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
 * jump, against its median. A big rise after an engagement surge is organic when it spreads over more than one
 * snapshot (followers keep coming while the post circulates); without a surge, or landing at once, it is
 * suspicious; a smaller unusual rise that nothing explains is an unexplained rise; a big sudden loss is a drop; a
 * following count that jumps and falls back is follow churn.
 */
public final class GrowthAnomalyJob extends BaseJob<GrowthAnomalyJob.Result> {
  /** The as-of date of the first run that reported a flag. */
  public static final String FIRST_REPORTED = "first_reported";
  private static final String T = CreatorTimeline.DAY_NUMBER;
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

  private final AnomalyConfig config;
  private final EngagementConfig engagementConfig;

  public GrowthAnomalyJob(SparkSession spark, AnomalyConfig config, EngagementConfig engagementConfig) {
    super(spark, "anomalies", "growth flags and authenticity");
    this.config = config;
    this.engagementConfig = engagementConfig;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long flags, long creators, double seconds) implements JobResult {
    @Override
    public String summary() {
      return flags + " growth flags, " + creators + " creators scored for authenticity";
    }
  }

  /** The snapshots and posts the flags of {@code asOf} examine: the history days, and the baseline before them. */
  public CreatorTimeline.Span span(LocalDate asOf) {
    return new CreatorTimeline.Span(asOf, snapshotsFrom(asOf), asOf.minusDays(config.historyDays() - 1L));
  }

  /**
   * What the job reads of the curated tables: its {@link #span}, and the snapshots its posts' followers may come
   * from (the engagement job's), so that a post's ER here is the one creator_engagement uses.
   */
  public CreatorTimeline.Span timelineSpan(LocalDate asOf) {
    return span(asOf).union(CreatorTimeline.engagementSpan(engagementConfig, asOf));
  }

  /** Stages growth_anomalies and creator_authenticity of {@code asOf} in {@code out}. */
  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    CreatorTimeline timeline = CreatorTimeline.read(out, timelineSpan(asOf), engagementConfig);
    out.stage(Tables.output(Tables.GROWTH_ANOMALIES),
        withFirstReported(flags(timeline), out.outputRoot(), asOf), asOf);
    Dataset<Row> flags = out.read(Tables.GROWTH_ANOMALIES, asOf);
    long flagCount = flags.count();
    progress.step("growth_anomalies: " + flagCount + " flags");
    Dataset<Row> engagement = out.read(Tables.CREATOR_ENGAGEMENT, asOf);
    Dataset<Row> distribution = out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf);
    out.stage(Tables.output(Tables.CREATOR_AUTHENTICITY), authenticity(flags, engagement, distribution, asOf), asOf);
    long creators = out.read(Tables.CREATOR_AUTHENTICITY, asOf).count();
    progress.step("creator_authenticity: " + creators + " creators");
    return new Result(asOf, flagCount, creators, progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("anomaly", config, "engagement", engagementConfig);
  }

  /**
   * The first snapshot day the flags of {@code asOf} need: the oldest flagged day (history_days back) needs the
   * snapshot before it and baseline_snapshots changes before that, which daily snapshots cover in as many days.
   * (With missing days a baseline holds the changes within these days only, whichever run computes it.)
   */
  public LocalDate snapshotsFrom(LocalDate asOf) {
    return asOf.minusDays(config.historyDays() + config.baselineSnapshots() + 1L);
  }

  /**
   * Adds {@code first_reported}: the as-of date of the first run that reported the flag (same creator, date and
   * kind), carried over from the newest earlier as-of date published; the flags new in this run get {@code asOf}.
   */
  Dataset<Row> withFirstReported(Dataset<Row> flags, String outputRoot, LocalDate asOf) {
    LocalDate previous = RunManifest.completeDates(spark, outputRoot, Tables.GROWTH_ANOMALIES).lower(asOf);
    if (previous == null) {
      return flags.withColumn(FIRST_REPORTED, lit(asOf));
    }
    Dataset<Row> earlier = PublishedTables.readPartitions(spark, outputRoot, Tables.GROWTH_ANOMALIES,
            java.util.List.of(previous))
        .select(col(Columns.CREATOR_ID), col("date"), col(Columns.KIND), col(FIRST_REPORTED).as("_earlier"));
    return flags.join(earlier, Sparks.joinColumns(Columns.CREATOR_ID, "date", Columns.KIND), "left")
        .withColumn(FIRST_REPORTED, coalesce(col("_earlier"), lit(asOf)))
        .drop("_earlier");
  }

  /**
   * The growth_anomalies table (without as_of_date and first_reported).
   *
   * <p>Cost: one shuffle by creator and one sort of the stream (every window orders by the day number), then a
   * narrow shuffle for the peer percentile. Rows pay for sorting a history only when they pass the cheap floors,
   * a few percent of them, and per-creator statistics are computed once per creator, not once per row.
   *
   * <p>Write the result before querying it, as {@link #run} does: a query that keeps only a few of its columns
   * (a count, say) straight from this plan makes Spark 3.5's optimizer spend about a minute on the pruned
   * expressions, even on ten creators. Writing it plans the whole row once, in about a second.
   */
  public Dataset<Row> flags(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return flags(CreatorTimeline.of(profiles, posts, timelineSpan(asOf), engagementConfig));
  }

  /** The growth_anomalies table (without as_of_date and first_reported) of the job's span of {@code timeline}. */
  public Dataset<Row> flags(CreatorTimeline timeline) {
    LocalDate asOf = timeline.span().asOf();
    Dataset<Row> stream = timeline.rows(span(asOf));

    // Engagement before each day: the best post ER in [t - surgeDays, t - 1] (a viral post comes first, then the
    // followers), and the creator's median post ER.
    Column isPost = CreatorTimeline.isPost();
    Column isSnapshot = CreatorTimeline.isSnapshot();
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    WindowSpec wholeHistory = byDay.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    WindowSpec recent = byDay.rangeBetween(-config.surgeDays(), -1);
    // The surge test is a modified z-score of the best recent post's log ER within the creator's own posts, so it
    // adapts to how much each creator's engagement varies from post to post. The median and MAD of log ER are
    // computed once per creator, on its first snapshot row, from the list of its posts' log ER, then carried to
    // its other rows.
    Column logEr = when(isPost.and(col(CreatorTimeline.ER).gt(0)), log(col(CreatorTimeline.ER)));
    Column firstSnapshot = isSnapshot.and(col("_snapshot_no").equalTo(1));
    Dataset<Row> snapshots = stream
        .withColumns(columns(
            "_recent_er", max(when(isPost, col(CreatorTimeline.ER))).over(recent),
            "_log_ers", collect_list(logEr).over(wholeHistory),
            "_snapshot_no", sum(when(isSnapshot, 1).otherwise(0))
                .over(byDay.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))))
        .withColumn("_sorted_log_ers", when(firstSnapshot, sort_array(col("_log_ers"))))
        .withColumn("_creator_median_log_er", medianOfSorted("_sorted_log_ers"))
        .withColumn("_log_er_devs", deviationsSorted("_sorted_log_ers", "_creator_median_log_er"))
        .withColumn("_creator_mad_log_er", medianOfSorted("_log_er_devs"))
        .filter(isSnapshot)
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.FOLLOWERS),
            col(Columns.FOLLOWING), col(CreatorTimeline.DAY), col(T), col("_recent_er"),
            col("_creator_median_log_er"), col("_creator_mad_log_er"));

    // Changes between consecutive snapshots. The trailing baseline of each row is a slice of the creator's whole
    // list of relative changes (collected once per creator): collect_list skips nulls, so the slice bounds count
    // the non-null changes before the row and before the window.
    Dataset<Row> changes = snapshots
        .withColumns(columns(
            "_median_log_er", first(col("_creator_median_log_er"), true).over(wholeHistory),
            "_mad_log_er", first(col("_creator_mad_log_er"), true).over(wholeHistory),
            "_prev_f", lag(col(Columns.FOLLOWERS), 1).over(byDay),
            "_prev_following", lag(col(Columns.FOLLOWING), 1).over(byDay),
            "_prev_t", lag(col(T), 1).over(byDay),
            "_future_min_f", min(col(Columns.FOLLOWERS)).over(byDay.rangeBetween(DECAY_FROM_DAYS, DECAY_TO_DAYS)),
            "_future_min_following", min(col(Columns.FOLLOWING))
                .over(byDay.rangeBetween(1, config.churnRevertDays()))))
        .withColumn("_gap", col(T).minus(col("_prev_t")))
        .withColumn("_jump", col(Columns.FOLLOWERS).minus(col("_prev_f")))
        .withColumn("_jump_rel", when(col("_prev_f").gt(0), col("_jump").divide(col("_prev_f"))))
        .withColumn("_rel_per_day", col("_jump_rel").divide(col("_gap")))
        .withColumns(columns(
            "_all_rel", collect_list(col("_rel_per_day")).over(wholeHistory),
            "_prev_rel", lag(col("_rel_per_day"), 1).over(byDay),
            "_next_rel", lead(col("_rel_per_day"), 1).over(byDay),
            "_rel_before", count(col("_rel_per_day")).over(byDay.rowsBetween(Window.unboundedPreceding(), -1)),
            "_rel_before_window", count(col("_rel_per_day"))
                .over(byDay.rowsBetween(Window.unboundedPreceding(), -config.baselineSnapshots() - 1L))))
        .withColumn("_n", col("_rel_before").minus(col("_rel_before_window")).cast("int"));

    // Robust baseline of the trailing window: median and MAD, with the fallbacks for flat histories. Only rows
    // past the absolute and relative floors (or with a following jump) can be flagged, so only they sort their
    // history.
    Column followingJump = col(Columns.FOLLOWING).minus(col("_prev_following"));
    Column pastFloors = col("_prev_f").isNotNull()
        .and(abs(col("_jump")).geq(config.minAbsoluteChange()))
        .and(abs(col("_jump_rel")).geq(config.minRelativeChange()));
    Column mayChurn = followingJump.geq(config.churnMinAbsolute());
    Dataset<Row> scored = changes
        .withColumn("_sorted", when(pastFloors.or(mayChurn), sort_array(
            slice(col("_all_rel"), col("_rel_before_window").plus(1), col("_n")))))
        .withColumn("_median", medianOfSorted("_sorted"))
        .withColumn("_devs", deviationsSorted("_sorted", "_median"))
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
        .withColumn("_spread_z", greatest(adjacentZ("_prev_rel"), adjacentZ("_next_rel")))
        .withColumn("_engagement_change", col("_recent_er").divide(exp(col("_median_log_er"))))
        .withColumn("_surge_z", when(col("_recent_er").gt(0), log(col("_recent_er")).minus(col("_median_log_er"))
            .divide(greatest(col("_mad_log_er").multiply(1.4826), lit(MIN_LOG_ER_SCALE)))))
        .withColumn(Columns.TIER, engagementConfig.tiers().tierOf(col("_prev_f")));

    Column inHistory = col(T).gt(-config.historyDays()).and(col("_prev_f").isNotNull());
    Column eligible = inHistory.and(col("_n").geq(config.minBaselineSnapshots()));
    Column eligiblePastFloors = eligible.and(pastFloors);
    Column bigMove = eligiblePastFloors.and(abs(col("_z")).geq(config.zThreshold()));
    Column up = bigMove.and(col("_z").gt(0));
    // A rise lands in one snapshot when neither neighbouring change is elevated; over a gap of missing days, or on
    // the newest snapshot (no next change yet), that cannot be told, and a surge still explains the rise.
    Column singleDelivery = col("_gap").equalTo(1).and(col("_next_rel").isNotNull())
        .and(coalesce(col("_spread_z").lt(config.spreadZ()), lit(true)));
    Column explained = surge().and(not(singleDelivery));
    Column unexplainedRise = eligiblePastFloors
        .and(col("_jump").gt(0))
        .and(col("_z").geq(config.unexplainedZ()))
        .and(col("_z").lt(config.zThreshold()))
        .and(not(explained));
    Column followerKind = when(up.and(explained), lit(ORGANIC_SPIKE.value()))
        .when(up, lit(SUSPICIOUS_SPIKE.value()))
        .when(bigMove.and(col("_z").lt(0)).and(col("_jump_rel").leq(-config.dropMinRelative())), lit(DROP.value()))
        .when(unexplainedRise, lit(UNEXPLAINED_RISE.value()));
    Column churn = inHistory
        .and(followingJump.geq(config.churnMinAbsolute()))
        .and(followingJump.geq(col("_prev_following").multiply(config.churnMinRelative())))
        .and(col(Columns.FOLLOWING).minus(col("_future_min_following"))
            .geq(followingJump.multiply(config.churnRevertShare())));

    // The peer percentile ranks every snapshot's change among its platform x tier on the same day, so all rows
    // take part; only the rank keys and the (rare) finished flag rows go through that shuffle, not the
    // histories. A creator-day can carry a follower flag and a follow_churn flag: one flag row per kind.
    Column flagRows = array_compact(array(
        when(followerKind.isNotNull(), flagRow(followerKind, false, followingJump, asOf)),
        when(churn, flagRow(lit(FOLLOW_CHURN.value()), true, followingJump, asOf))));
    return scored
        .select(col(Columns.PLATFORM), col(Columns.TIER), col(T), col("_rel_per_day"),
            when(followerKind.isNotNull().or(churn), flagRows).as("_flags"))
        .withColumn("_peer_pct", percent_rank()
            .over(Window.partitionBy(col(Columns.PLATFORM), col(Columns.TIER), col(T)).orderBy(col("_rel_per_day"))))
        .filter(col("_flags").isNotNull())
        .select(explode(col("_flags")).as("_f"), col("_peer_pct"))
        .select(col("_f.creator_id"), col("_f.platform"), col("_f.niche"), col("_f.tier"), col("_f.date"),
            col("_f.kind"), col("_f.previous_date"), col("_f.followers_before"), col("_f.followers_after"),
            col("_f.following_before"), col("_f.following_after"), col("_f.change_per_day"),
            col("_f.relative_change_per_day"), col("_f.robust_z"), col("_peer_pct").as("peer_percentile"),
            col("_f.engagement_change"), col("_f.decay_share"), col("_f.severity"), col("_f.reason"));
  }

  /**
   * One growth_anomalies row of kind {@code kind} (without its peer percentile) for the current creator-day;
   * {@code churn} says whether it is the follow_churn row. Known where the row is built: comparing the literal kind
   * with itself made Spark warn of a trivially true predicate on every run.
   */
  private Column flagRow(Column kind, boolean churn, Column followingJump, LocalDate asOf) {
    Column isChurn = lit(churn);
    Column relativeChange = when(isChurn, when(col("_prev_following").gt(0),
            followingJump.divide(col("_prev_following")).divide(col("_gap"))).otherwise(lit(0.0)))
        .otherwise(col("_rel_per_day"));
    Column decay = when(kind.isin(SUSPICIOUS_SPIKE.value(), ORGANIC_SPIKE.value(), UNEXPLAINED_RISE.value()).and(col("_jump").gt(0)),
        least(lit(1.0), greatest(lit(0.0),
            col(Columns.FOLLOWERS).minus(col("_future_min_f")).divide(col("_jump")))));
    return struct(col(Columns.CREATOR_ID).as(Columns.CREATOR_ID), col(Columns.PLATFORM).as(Columns.PLATFORM),
        col(Columns.NICHE).as(Columns.NICHE), col(Columns.TIER).as(Columns.TIER),
        col(CreatorTimeline.DAY).as("date"), kind.as(Columns.KIND),
        date_add(lit(asOf), col("_prev_t")).as("previous_date"),
        col("_prev_f").as("followers_before"), col(Columns.FOLLOWERS).as("followers_after"),
        col("_prev_following").as("following_before"), col(Columns.FOLLOWING).as("following_after"),
        when(isChurn, followingJump).otherwise(col("_jump")).divide(col("_gap")).as("change_per_day"),
        relativeChange.as("relative_change_per_day"), col("_z").as("robust_z"),
        col("_engagement_change").as("engagement_change"), decay.as("decay_share"),
        severity(kind, relativeChange, decay).as("severity"), reason(kind, decay).as("reason"));
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
        .agg(countOf(kind, SUSPICIOUS_SPIKE.value()).as("suspicious_spikes"),
            countOf(kind, ORGANIC_SPIKE.value()).as("organic_spikes"),
            countOf(kind, DROP.value()).as("drops"),
            countOf(kind, FOLLOW_CHURN.value()).as("follow_churns"),
            sum(when(kind.equalTo(SUSPICIOUS_SPIKE.value()), gain)).as("_suspicious_gain"),
            max(when(kind.equalTo(SUSPICIOUS_SPIKE.value()), gain)).as("largest_suspicious_gain"));
    Dataset<Row> joined = GroupMedians.withGroupMedian(engagement
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

  /** Name-column pairs in order, for withColumns: window columns added in one step share one window operator. */
  private static java.util.Map<String, Column> columns(Object... nameThenColumn) {
    java.util.Map<String, Column> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameThenColumn.length; i += 2) {
      out.put((String) nameThenColumn[i], (Column) nameThenColumn[i + 1]);
    }
    return out;
  }

  private static Column countOf(Column kind, String value) {
    return sum(when(kind.equalTo(value), 1).otherwise(0)).cast("int");
  }

  /** Whether the best post of the surge window is viral: a robust outlier and several times the median ER. */
  private Column surge() {
    return coalesce(col("_surge_z").geq(config.surgeZ())
        .and(col("_engagement_change").geq(config.surgeMinRatio())), lit(false));
  }

  /** Robust z of a neighbouring change ({@code rel}, per day) against the current row's baseline. */
  private static Column adjacentZ(String rel) {
    return col(rel).minus(col("_median")).divide(col("_scale")
        .multiply(lit(1.0).plus(lit(MAD_STANDARD_ERROR).divide(sqrt(col("_n"))))));
  }

  /** Median of a sorted array column (1-based element_at; the mean of the two middle values when n is even). */
  private static Column medianOfSorted(String sorted) {
    // A column name, not an expression: the array is referenced four times and must be computed once.
    return expr("CASE WHEN size(" + sorted + ") = 0 THEN NULL ELSE (element_at(" + sorted + ", CAST(floor((size("
        + sorted + ") + 1) / 2.0) AS INT)) + element_at(" + sorted + ", CAST(ceil((size(" + sorted
        + ") + 1) / 2.0) AS INT))) / 2 END");
  }

  /**
   * 0-1: the size of the change against a change of a fifth of the audience. A suspicious spike whose gain decays
   * again weighs more (bought followers being removed); an organic spike or an unexplained rise weighs half
   * (neither is a fraud signal);
   * follow churn is measured against doubling the following count.
   */
  private static Column severity(Column kind, Column relativeChange, Column decay) {
    Column size = least(lit(1.0), abs(col("_jump_rel")).divide(FULL_SEVERITY_CHANGE));
    return when(kind.equalTo(SUSPICIOUS_SPIKE.value()), least(lit(1.0), size.multiply(lit(1.0).plus(coalesce(decay, lit(0.0))))))
        .when(kind.isin(ORGANIC_SPIKE.value(), UNEXPLAINED_RISE.value()), size.multiply(0.5))
        .when(kind.equalTo(DROP.value()), size)
        .otherwise(least(lit(1.0), relativeChange.multiply(col("_gap")).divide(2.0)));
  }

  /** Sorted absolute deviations of a sorted array column from a median column (both column names). */
  private static Column deviationsSorted(String sorted, String median) {
    // zip_with against the repeated median: the lambda refers only to its own arguments, so Spark cannot inline
    // the median's expression into it and re-evaluate it for every element.
    return expr("sort_array(zip_with(" + sorted + ", array_repeat(" + median + ", size(" + sorted + ")), "
        + "(x, m) -> abs(x - m)))");
  }

  private Column reason(Column kind, Column decay) {
    Column move = format_string("followers %+d (%+.1f%%) over %d day(s), robust z %.1f against its own history",
        col("_jump"), col("_jump_rel").multiply(100), col("_gap"), col("_z"));
    Column engagement = when(col("_engagement_change").isNull(),
            lit("no rated post in the " + config.surgeDays() + " days before"))
        .otherwise(format_string("best post in the %d days before did %.1fx its median ER (robust z %.1f; a surge "
            + "needs %.1fx and z %.1f)", lit(config.surgeDays()), col("_engagement_change"), col("_surge_z"),
            lit(config.surgeMinRatio()), lit(config.surgeZ())));
    Column decayText = when(decay.geq(0.1),
        format_string("; %.0f%% of the gain gone %d-%d days later", decay.multiply(100),
            lit(DECAY_FROM_DAYS), lit(DECAY_TO_DAYS))).otherwise(lit(""));
    Column churnText = format_string(
        "following %+d (%d -> %d) over %d day(s), back down to %d within %d days",
        col(Columns.FOLLOWING).minus(col("_prev_following")), col("_prev_following"), col(Columns.FOLLOWING),
        col("_gap"), col("_future_min_following"), lit(config.churnRevertDays()));
    Column deliveryText = format_string("; the gain landed in one snapshot (the changes either side reach robust z "
        + "%.1f, a rise that spreads %.1f)", col("_spread_z"), lit(config.spreadZ()));
    return when(kind.equalTo(SUSPICIOUS_SPIKE.value()).and(surge()),
            concat_ws("", lit("suspicious spike: "), move, deliveryText, lit(", though after an engagement surge: "),
                engagement, decayText))
        .when(kind.equalTo(SUSPICIOUS_SPIKE.value()),
            concat_ws("", lit("suspicious spike: "), move, lit("; no engagement surge: "), engagement, decayText))
        .when(kind.equalTo(ORGANIC_SPIKE.value()),
            concat_ws("", lit("organic spike: "), move, lit("; after an engagement surge: "), engagement))
        .when(kind.equalTo(UNEXPLAINED_RISE.value()),
            concat_ws("", lit("unexplained rise: "), move, lit(String.format(Locale.ROOT,
                " (a suspicious spike needs %.1f); no engagement surge explains it (a surge counts for a rise that "
                    + "spreads over more than one snapshot): ", config.zThreshold())),
                engagement, decayText))
        .when(kind.equalTo(DROP.value()), concat_ws("", lit("drop: "), move))
        .otherwise(concat_ws("", lit("follow churn: "), churnText));
  }
}
