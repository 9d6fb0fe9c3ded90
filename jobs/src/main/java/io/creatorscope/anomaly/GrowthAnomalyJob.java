package io.creatorscope.anomaly;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.anomaly.detect.Detector;
import io.creatorscope.anomaly.detect.Drop;
import io.creatorscope.anomaly.detect.EngagementEvidence;
import io.creatorscope.anomaly.detect.Evidence;
import io.creatorscope.anomaly.detect.Finding;
import io.creatorscope.anomaly.detect.Floors;
import io.creatorscope.anomaly.detect.FollowChurn;
import io.creatorscope.anomaly.detect.FollowerChanges;
import io.creatorscope.anomaly.detect.MultiDayRise;
import io.creatorscope.anomaly.detect.RobustBaseline;
import io.creatorscope.anomaly.detect.SingleDaySpike;
import io.creatorscope.anomaly.detect.UnexplainedRise;
import io.creatorscope.anomaly.detect.ViralPost;
import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.GroupMedians;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code anomalies} job: flags anomalous follower growth in each creator's history and scores how authentic
 * each audience looks.
 *
 * <p>Method, per creator and snapshot (all window functions partitioned by creator, no per-creator driver work),
 * in named steps of {@code io.creatorscope.anomaly.detect}: the engagement around each snapshot
 * ({@link EngagementEvidence}), the follower changes ({@link FollowerChanges}), the robust baseline of each change,
 * the creator's own or, for a short history, its peers' ({@link RobustBaseline}); then one {@link Detector} per
 * kind, each with its condition, severity and reason: {@link Drop}, {@link SingleDaySpike}, {@link MultiDayRise},
 * {@link UnexplainedRise} and {@link FollowChurn}, a rise being organic when a {@link ViralPost} explains it.
 */
public final class GrowthAnomalyJob extends BaseJob<GrowthAnomalyJob.Result> {
  /** The as-of date of the first run that reported a flag. */
  public static final String FIRST_REPORTED = "first_reported";
  private static final String T = CreatorTimeline.DAY_NUMBER;
  private final AnomalyConfig config;
  private final EngagementConfig engagementConfig;

  public GrowthAnomalyJob(SparkSession spark, AnomalyConfig config, EngagementConfig engagementConfig) {
    super(spark, "anomalies", "growth flags and authenticity");
    this.config = config;
    this.engagementConfig = engagementConfig;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long flags, long creators, JudgedDays judged, double seconds)
      implements JobResult {
    @Override
    public String summary() {
      return flags + " growth flags, " + creators + " creators scored for authenticity; " + judged;
    }
  }

  /**
   * The snapshots and posts the flags of the {@code days} up to {@code asOf} examine: those days and the baseline
   * before them; the posts of those days and of the windows of engagement evidence before the first.
   */
  private CreatorTimeline.Span span(LocalDate asOf, int days) {
    return new CreatorTimeline.Span(asOf, snapshotsFrom(asOf, days),
        asOf.minusDays(days - 1L + evidence().postDaysBefore()));
  }

  private EngagementEvidence evidence() {
    return new EngagementEvidence(config.surgeDays(), config.dilutionDays(), config.usualErDays());
  }

  /**
   * What the job reads of the curated tables to judge the {@code days} up to {@code asOf}: their {@link #span}, and
   * the snapshots its posts' followers come from.
   */
  private CreatorTimeline.Span timelineSpan(LocalDate asOf, int days) {
    CreatorTimeline.Span own = span(asOf, days);
    return own.union(CreatorTimeline.postsFrom(engagementConfig, asOf, own.postsFrom()));
  }

  /** Stages growth_anomalies and creator_authenticity of {@code asOf} in {@code out}. */
  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    JudgedDays judged = judgedDays(out, asOf);
    progress.step(judged.toString());
    CreatorTimeline timeline = CreatorTimeline.read(out, timelineSpan(asOf, judged.days()), engagementConfig);
    out.stage(Tables.output(Tables.GROWTH_ANOMALIES),
        withEarlierFlags(flags(timeline, judged.days()), out.outputRoot(), judged), asOf);
    Dataset<Row> flags = out.read(Tables.GROWTH_ANOMALIES, asOf);
    long flagCount = flags.count();
    progress.step("growth_anomalies: " + flagCount + " flags");
    Dataset<Row> engagement = out.read(Tables.CREATOR_ENGAGEMENT, asOf);
    Dataset<Row> distribution = out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf);
    out.stage(Tables.output(Tables.CREATOR_AUTHENTICITY), authenticity(flags, engagement, distribution, asOf), asOf);
    long creators = out.read(Tables.CREATOR_AUTHENTICITY, asOf).count();
    progress.step("creator_authenticity: " + creators + " creators");
    return new Result(asOf, flagCount, creators, judged, progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("anomaly", config, "engagement", engagementConfig);
  }

  /**
   * The first snapshot day the flags of the {@code days} up to {@code asOf} need: the oldest judged day looks at
   * the changes of the rise_days up to it (the rise's start, the largest single change in it), and each of those
   * needs its baseline_snapshots days of changes and the snapshot before them.
   */
  private LocalDate snapshotsFrom(LocalDate asOf, int days) {
    return asOf.minusDays(days + config.riseDays() - 1L + maxGapDays());
  }

  /**
   * The days this run judges ({@link JudgedDays}): from the newest earlier run's flags, the settings it ran with
   * and the days of the curated tables that the ingest batches staged since changed.
   */
  private JudgedDays judgedDays(OutputRun out, LocalDate asOf) {
    JudgedDays.Previous previous = out.earlierRun(Tables.GROWTH_ANOMALIES, name(), asOf,
            List.of(Tables.CURATED_PROFILES, Tables.CURATED_POSTS))
        .map(e -> new JudgedDays.Previous(e.asOf(), e.job().isPresent(),
            e.sameConfiguration(configuration()), e.changedSince()))
        .orElse(null);
    return JudgedDays.plan(asOf, config.historyDays(), settledAfterDays(), previous);
  }

  /**
   * The run's growth_anomalies rows: the judged {@code flags} with {@code first_reported}, the as-of date of the
   * first run that reported the flag (same creator, date and kind), carried over from the previous run's partition
   * (the flags new in this run get the as-of date); and that partition's flags of the history's days not judged.
   */
  Dataset<Row> withEarlierFlags(Dataset<Row> flags, String outputRoot, JudgedDays judged) {
    LocalDate asOf = judged.asOf();
    if (judged.previous() == null) {
      return flags.withColumn(FIRST_REPORTED, lit(asOf));
    }
    Dataset<Row> earlier = PublishedTables.readPartitions(spark, outputRoot, Tables.GROWTH_ANOMALIES,
        List.of(judged.previous()));
    Dataset<Row> reported = flags.join(earlier.select(col(Columns.CREATOR_ID), col("date"), col(Columns.KIND),
            col(FIRST_REPORTED).as("_earlier")), Sparks.joinColumns(Columns.CREATOR_ID, "date", Columns.KIND), "left")
        .withColumn(FIRST_REPORTED, coalesce(col("_earlier"), lit(asOf)))
        .drop("_earlier");
    if (!judged.carries()) {
      return reported;
    }
    return reported.unionByName(earlier
        .filter(col("date").geq(lit(judged.historyFrom())).and(col("date").lt(lit(judged.from()))))
        .drop(Columns.AS_OF_DATE));
  }

  /**
   * The growth_anomalies table (without as_of_date and first_reported).
   *
   * <p>Cost: one shuffle by creator and one sort of the stream (every window orders by the day number), then a
   * narrow shuffle for the peer percentile. Rows pay for sorting a history (their follower baseline, their usual
   * ER) only when they pass the cheap floors, a few percent of them; the lists they slice it from are collected once
   * per creator.
   *
   * <p>Write the result before querying it, as {@link #run} does: a query that keeps only a few of its columns
   * (a count, say) straight from this plan makes Spark 3.5's optimizer spend about a minute on the pruned
   * expressions, even on ten creators. Writing it plans the whole row once, in about a second.
   */
  public Dataset<Row> flags(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return flags(CreatorTimeline.of(profiles, posts, timelineSpan(asOf, config.historyDays()), engagementConfig),
        config.historyDays());
  }

  /**
   * The growth_anomalies rows (without as_of_date and first_reported) of the {@code days} up to the as-of date of
   * {@code timeline}, which holds at least their {@link #timelineSpan}.
   */
  private Dataset<Row> flags(CreatorTimeline timeline, int days) {
    LocalDate asOf = timeline.span().asOf();
    Dataset<Row> stream = timeline.rows(span(asOf, days));
    EngagementEvidence evidence = evidence();
    // Each step's windows run in the window operator of the step before wherever they read nothing it computes:
    // every operator buffers and copies all rows of a creator.
    FollowerChanges followerChanges = new FollowerChanges(config.riseDays(), config.churnRevertDays(), maxGapDays());
    RobustBaseline baseline = new RobustBaseline(config.baselineSnapshots(), config.minBaselineSnapshots(),
        config.minRelativeScale(), config.riseDays());
    // The usual ER is read by a judged day's own detectors only (no window after it), so the days read for the
    // baselines alone neither carry their posts' ERs through the windows nor sort them.
    Column judgedDay = col(T).gt(-days);
    Dataset<Row> changes = withTier(followerChanges.fromPrevious(evidence.prepare(stream,
        followerChanges.previousSnapshot(CreatorTimeline.isSnapshot()), judgedDay), baseline.history()));
    Floors floors = new Floors(config.minAbsoluteChange(), config.minRelativeChange());
    // Only rows past the floors (or with a following jump) can be flagged, so only they sort their history.
    Column mayFlag = col(Evidence.PREV_FOLLOWERS).isNotNull()
        .and(floors.passedBy(col(Evidence.JUMP), col(Evidence.JUMP_REL))
            .or(floors.passedBy(col(Evidence.RISE_GAIN), col(Evidence.RISE_REL))))
        .or(col(Columns.FOLLOWING).minus(col(Evidence.PREV_FOLLOWING)).geq(config.churnMinAbsolute()));
    Dataset<Row> judged = baseline.fromHistory(evidence.withUsualEr(changes, mayFlag.and(judgedDay)),
        peerChanges(timeline, span(asOf, days)), mayFlag, floors.singleDay());

    // The follower detectors in order of precedence (a creator-day gets the first that flags it), and follow churn
    // apart: a creator-day can carry a follower flag and a follow_churn flag, one flag row per kind.
    ViralPost viral = new ViralPost(config.surgeZ(), config.surgeMinRatio(), config.surgeDays(),
        config.followsPerInteraction(), config.decayMinShare(), config.dilutionZ());
    List<Detector> followerDetectors = List.of(
        new Drop(config.zThreshold(), config.dropMinRelative(), floors),
        new SingleDaySpike(config.zThreshold(), config.spreadZ(), floors, viral),
        new MultiDayRise(config.riseZ(), floors, viral),
        new UnexplainedRise(config.unexplainedZ(), config.zThreshold(), floors, viral));
    Column inHistory = judgedDay.and(col(Evidence.PREV_FOLLOWERS).isNotNull());
    Column followerFlag = null;
    for (Detector detector : followerDetectors) {
      Finding f = detector.detect();
      Column flagged = inHistory.and(f.condition());
      followerFlag = followerFlag == null ? when(flagged, flagRow(f, false, asOf)) : followerFlag.when(flagged,
          flagRow(f, false, asOf));
    }
    Finding churn = new FollowChurn(config.churnMinAbsolute(), config.churnMinRelative(),
        config.churnRevertShare(), config.churnRevertDays()).detect();
    Column churned = inHistory.and(coalesce(churn.condition(), lit(false)));

    // The peer percentile ranks every snapshot's change among its platform x tier on the same day, so all rows
    // of a day take part; only the rank keys and the (rare) finished flag rows go through that shuffle, not the
    // histories. The days before the judged ones were read for the baselines only: none of their rows can be flagged
    // and a day is ranked within itself, so they stay out of it (two fifths of the rows, with the default days).
    Column flagRows = array_compact(array(followerFlag, when(churned, flagRow(churn, true, asOf))));
    return judged
        .filter(judgedDay)
        .select(col(Columns.PLATFORM), col(Columns.TIER), col(T), col(Evidence.REL_PER_DAY), flagRows.as("_flags"))
        .withColumn("_peer_pct", percent_rank().over(Window.partitionBy(col(Columns.PLATFORM), col(Columns.TIER),
            col(T)).orderBy(col(Evidence.REL_PER_DAY))))
        .filter(size(col("_flags")).gt(0))
        .select(explode(col("_flags")).as("_f"), col("_peer_pct"))
        .select(col("_f.creator_id"), col("_f.platform"), col("_f.niche"), col("_f.tier"), col("_f.date"),
            col("_f.kind"), col("_f.previous_date"), col("_f.followers_before"), col("_f.followers_after"),
            col("_f.following_before"), col("_f.following_after"), col("_f.change_per_day"),
            col("_f.relative_change_per_day"), col("_f.robust_z"), col("_peer_pct").as("peer_percentile"),
            col("_f.engagement_change"), col("_f.decay_share"), col("_f.severity"), col("_f.reason"));
  }

  /**
   * Every snapshot's daily change of the job's span with its tier, from the bare snapshots: the peer baseline's
   * input. Taking it from the prepared changes instead computed the stream and its windows a second time (about
   * a quarter of the job's time on 5,000 creators).
   */
  private Dataset<Row> peerChanges(CreatorTimeline timeline, CreatorTimeline.Span span) {
    return withTier(FollowerChanges.daily(timeline.snapshots(span)
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.FOLLOWERS), col(T)), maxGapDays()));
  }

  /**
   * The days after which a day's flags are final, whatever later as-of date judges it (unless late data changes its
   * days): the longest look-ahead of its evidence, the decay's 21 days, churn's revert days, the dilution's and the
   * usual ER's days after. Every other window a day reads is bounded by days before it, and the peer quartiles are
   * exact.
   */
  public int settledAfterDays() {
    return Math.max(FollowerChanges.DECAY_TO_DAYS, Math.max(config.churnRevertDays(), config.dilutionDays()));
  }

  /**
   * The longest gap a change may span: a baseline's days and the day before them, which the job reads for every
   * change it looks at (see {@link #snapshotsFrom}), so the previous snapshot of each is read, whatever the as-of
   * date.
   */
  private int maxGapDays() {
    return config.baselineSnapshots() + 1;
  }

  /** A change's tier is the one its creator was in before it: a bought jump does not move it to its new peers. */
  private Dataset<Row> withTier(Dataset<Row> changes) {
    return changes.withColumn(Columns.TIER, engagementConfig.tiers().tierOf(col(Evidence.PREV_FOLLOWERS)));
  }

  /**
   * One growth_anomalies row (without its peer percentile) for the current creator-day, from a finding;
   * {@code churn} says whether it is the follow_churn row. Known where the row is built: comparing the literal kind
   * with itself made Spark warn of a trivially true predicate on every run.
   */
  private static Column flagRow(Finding f, boolean churn, LocalDate asOf) {
    Column isChurn = lit(churn);
    Column followingJump = col(Columns.FOLLOWING).minus(col(Evidence.PREV_FOLLOWING));
    Column days = col(T).minus(f.beforeDay());
    Column change = when(isChurn, followingJump).otherwise(col(Columns.FOLLOWERS).minus(f.followersBefore()));
    Column relativeChange = when(isChurn, when(col(Evidence.PREV_FOLLOWING).gt(0),
            followingJump.divide(col(Evidence.PREV_FOLLOWING)).divide(days)).otherwise(lit(0.0)))
        .otherwise(when(f.followersBefore().gt(0), change.divide(f.followersBefore()).divide(days)));
    Column decay = when(f.kind().isin(AnomalyKind.SUSPICIOUS_SPIKE.value(), AnomalyKind.ORGANIC_SPIKE.value(),
        AnomalyKind.UNEXPLAINED_RISE.value()), ViralPost.decayShare(change));
    return struct(col(Columns.CREATOR_ID).as(Columns.CREATOR_ID), col(Columns.PLATFORM).as(Columns.PLATFORM),
        col(Columns.NICHE).as(Columns.NICHE), col(Columns.TIER).as(Columns.TIER),
        col(CreatorTimeline.DAY).as("date"), f.kind().as(Columns.KIND),
        date_add(lit(asOf), f.beforeDay().cast("int")).as("previous_date"),
        f.followersBefore().cast("long").as("followers_before"), col(Columns.FOLLOWERS).as("followers_after"),
        col(Evidence.PREV_FOLLOWING).as("following_before"), col(Columns.FOLLOWING).as("following_after"),
        change.divide(days).as("change_per_day"), relativeChange.as("relative_change_per_day"),
        col(Evidence.Z).as("robust_z"), col(Evidence.SURGE_RATIO).as("engagement_change"), decay.as("decay_share"),
        f.severity().cast("double").as("severity"), f.reason().as("reason"));
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
        .agg(countOf(kind, AnomalyKind.SUSPICIOUS_SPIKE.value()).as("suspicious_spikes"),
            countOf(kind, AnomalyKind.ORGANIC_SPIKE.value()).as("organic_spikes"),
            countOf(kind, AnomalyKind.DROP.value()).as("drops"),
            countOf(kind, AnomalyKind.FOLLOW_CHURN.value()).as("follow_churns"),
            sum(when(kind.equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value()), gain)).as("_suspicious_gain"),
            max(when(kind.equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value()), gain)).as("largest_suspicious_gain"));
    Dataset<Row> joined = GroupMedians.withGroupMedian(engagement
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.TIER),
            col(Columns.FOLLOWERS), col("er_median"), col("rated"))
        .join(perCreator, Columns.CREATOR_ID, "left"), distribution, "_group_median");
    Column gainShare = when(col(Columns.FOLLOWERS).gt(0), least(lit(1.0),
        coalesce(col("_suspicious_gain"), lit(0L)).divide(col(Columns.FOLLOWERS)))).otherwise(lit(0.0));
    Column erVsPeers = when(col("rated").and(col("_group_median").gt(0)),
        col("er_median").divide(col("_group_median")));
    Column engagementComponent = when(col("er_vs_peers").isNotNull(), least(lit(1.0), greatest(lit(0.0),
        log(greatest(col("er_vs_peers"), lit(1e-9))).minus(Math.log(config.erZero()))
            .divide(Math.log(config.erFull()) - Math.log(config.erZero())))));
    return joined
        .withColumn("suspicious_spikes", coalesce(col("suspicious_spikes"), lit(0)))
        .withColumn("organic_spikes", coalesce(col("organic_spikes"), lit(0)))
        .withColumn("drops", coalesce(col("drops"), lit(0)))
        .withColumn("follow_churns", coalesce(col("follow_churns"), lit(0)))
        .withColumn("suspicious_gain_share", gainShare)
        .withColumn("er_vs_peers", erVsPeers)
        .withColumn("spike_component", greatest(lit(0.0),
            lit(1.0).minus(col("suspicious_gain_share").divide(config.boughtShareZero()))))
        .withColumn("drop_component", greatest(lit(0.0), lit(1.0).minus(col("drops").multiply(config.dropPenalty()))))
        .withColumn("churn_component", greatest(lit(0.0),
            lit(1.0).minus(col("follow_churns").multiply(config.churnPenalty()))))
        .withColumn("engagement_component", engagementComponent)
        .withColumn("authenticity_score", col("spike_component").multiply(col("drop_component"))
            .multiply(col("churn_component")).multiply(coalesce(col("engagement_component"), lit(1.0))));
  }

  private static Column countOf(Column kind, String value) {
    return sum(when(kind.equalTo(value), 1).otherwise(0)).cast("int");
  }
}
