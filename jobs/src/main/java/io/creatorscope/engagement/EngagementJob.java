package io.creatorscope.engagement;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_add;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code engagement} job: per-post engagement rates (ER) with an as-of join to the creator's follower count on
 * the day of the post, per-creator ER over a trailing window, and ER distributions per platform x tier x niche.
 *
 * <p>The as-of join is a sort, not a join: profile snapshots and posts of a creator are put in one stream ordered
 * by day (a snapshot before a post of the same day), and window functions carry the latest snapshot forward and
 * the first one backward. That is one shuffle by creator, linear in the rows, with no cartesian product and no
 * blow-up for creators with tens of thousands of posts; the per-creator aggregation then reuses the same
 * partitioning. The distributions are one more aggregation over the (much smaller) creator table.
 */
public final class EngagementJob {
  /** Log-spaced (1-2-5) ER bucket edges of the distribution histogram, from 0.01% to 100%. */
  public static final double[] HISTOGRAM_EDGES = {
    0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0
  };
  /** Percentiles of creator ER in the distribution table. */
  public static final double[] PERCENTILES = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};
  public static final String ALL = "_all";

  public static final String DAY = "_day";
  /**
   * The day as an integer, days since the as-of date (0 on it, negative before). Every window over the stream, here
   * and in the anomaly job, orders by it (range frames need a number), so Spark sorts the stream once.
   */
  public static final String DAY_NUMBER = "_t";
  public static final String KIND = "_kind";
  static final int KIND_SNAPSHOT = 0;
  static final int KIND_POST = 1;
  public static final String INTERACTIONS = "interactions";
  public static final String POST_FOLLOWERS = "post_followers";
  public static final String ER = "er";
  public static final String VIEWS_ER = "views_er";
  /** (likes + comments) / followers: the ER Instagram tools publish, without shares and saves. */
  public static final String LIKES_COMMENTS_ER = "likes_comments_er";
  public static final String MATCHED = "matched";

  private final SparkSession spark;
  private final EngagementConfig config;

  public EngagementJob(SparkSession spark, EngagementConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long creators, long ratedCreators, long distributionRows, double seconds) {}

  /** Reads the curated tables of {@code asOf} under {@code outputRoot} and publishes both engagement tables. */
  public Result run(String outputRoot, LocalDate asOf) {
    return OutputRun.publish(spark, outputRoot, out -> run(out, asOf));
  }

  /**
   * Reads the window's partitions of the curated tables as {@code out} sees them (the posts of the {@code
   * window_days} up to {@code asOf}, the snapshots of twice as many days, nothing older) and stages both
   * engagement tables there.
   */
  public Result run(OutputRun out, LocalDate asOf) {
    Progress progress = new Progress("engagement");
    Sparks.jobGroup(spark, "engagement", "engagement: per-post ER, creator ER, distributions");
    out.requireIngested(asOf);
    // The posts of the window, and the snapshots of the window and of as many days before it: a post's followers
    // come from the latest snapshot on or before its day within them.
    LocalDate windowStart = windowStart(asOf);
    Dataset<Row> profiles = out.readFacts(Tables.output(Tables.CURATED_PROFILES),
        windowStart.minusDays(config.windowDays()), asOf);
    Dataset<Row> posts = out.readFacts(Tables.output(Tables.CURATED_POSTS), windowStart, asOf);
    out.stage(Tables.output(Tables.CREATOR_ENGAGEMENT), creatorEngagement(profiles, posts, asOf), asOf);
    Dataset<Row> written = out.read(Tables.CREATOR_ENGAGEMENT, asOf);
    Row counts = written.agg(count(lit(1)), count(when(col("rated"), true))).first();
    progress.step("creator_engagement: " + counts.getLong(0) + " creators, " + counts.getLong(1) + " rated");
    out.stage(Tables.output(Tables.ENGAGEMENT_DISTRIBUTION), distribution(written).coalesce(1), asOf);
    long groups = out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf).count();
    progress.step("engagement_distribution: " + groups + " rows");
    out.manifest().configuration("engagement", config).job("engagement", progress.elapsedSeconds());
    return new Result(asOf, counts.getLong(0), counts.getLong(1), groups, progress.elapsedSeconds());
  }

  /**
   * Snapshots (up to {@code asOf}) and posts (published in the window ending at {@code asOf}) of each creator in
   * one stream, posts annotated with their followers on the day, interactions, ER and views ER.
   */
  public Dataset<Row> annotatedStream(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    LocalDate windowStart = windowStart(asOf);
    Dataset<Row> snapshots = profiles
        .filter(col(Columns.SNAPSHOT_DATE).leq(lit(asOf)))
        .select(col(Columns.CREATOR_ID), col(Columns.SNAPSHOT_DATE).as(DAY), lit(KIND_SNAPSHOT).as(KIND),
            col(Columns.FOLLOWERS), col(Columns.FOLLOWING), col(Columns.HANDLE), col(Columns.PLATFORM),
            col(Columns.NICHE), col(Columns.COUNTRY));
    Column postDay = to_date(col(Columns.POSTED_AT));
    Dataset<Row> postEvents = posts
        .filter(postDay.between(lit(windowStart), lit(asOf)))
        .select(col(Columns.CREATOR_ID), postDay.as(DAY), lit(KIND_POST).as(KIND), col(Columns.POST_ID),
            col(Columns.LIKES), col(Columns.COMMENTS), col(Columns.SHARES), col(Columns.SAVES), col(Columns.VIEWS),
            col(Columns.IS_SPONSORED));
    Dataset<Row> stream = snapshots.unionByName(postEvents, true)
        .withColumn(DAY_NUMBER, datediff(col(DAY), lit(asOf)));

    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(DAY_NUMBER), col(KIND));
    Column snapshotFollowers = when(col(KIND).equalTo(KIND_SNAPSHOT), col(Columns.FOLLOWERS));
    Column previous = last(snapshotFollowers, true)
        .over(byDay.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    // The first snapshot up to matchAfterDays later, for a post with none on or before its day: a bounded range
    // frame on the day number. (A frame from the current row to the partition's end would be recomputed for
    // every row, quadratic in a creator's rows.) A same-day snapshot sorts before the post and is its previous.
    Column next = first(snapshotFollowers, true).over(Window.partitionBy(Columns.CREATOR_ID)
        .orderBy(col(DAY_NUMBER)).rangeBetween(0, config.matchAfterDays()));
    Column postFollowers = coalesce(previous, next);

    return stream
        .withColumn(POST_FOLLOWERS, when(col(KIND).equalTo(KIND_POST), postFollowers))
        .withColumn(INTERACTIONS, when(col(KIND).equalTo(KIND_POST), interactions()))
        .withColumn(MATCHED, col(POST_FOLLOWERS).isNotNull())
        .withColumn(ER, when(col(POST_FOLLOWERS).gt(0), col(INTERACTIONS).divide(col(POST_FOLLOWERS))))
        .withColumn(LIKES_COMMENTS_ER, when(col(POST_FOLLOWERS).gt(0),
            col(Columns.LIKES).plus(col(Columns.COMMENTS)).divide(col(POST_FOLLOWERS))))
        .withColumn(VIEWS_ER, when(col(Columns.VIEWS).gt(0), col(INTERACTIONS).divide(col(Columns.VIEWS))));
  }

  /** The first day of the window of {@code window_days} ending with {@code asOf}. */
  public LocalDate windowStart(LocalDate asOf) {
    return asOf.minusDays(config.windowDays() - 1L);
  }

  /**
   * A post's interactions, likes + comments + shares + saves (missing shares and saves count 0), in exact 64-bit
   * arithmetic that fails the job, naming the post, rather than wrap around to a negative number. Ingest
   * quarantines counts above ingest.max_count (at most 10^18), so the sum of curated counts cannot overflow; the
   * check guards the engagement rate against tables written any other way.
   */
  public static Column interactions() {
    Column sum = try_add(try_add(try_add(col(Columns.LIKES), col(Columns.COMMENTS)),
        coalesce(col(Columns.SHARES), lit(0L))), coalesce(col(Columns.SAVES), lit(0L)));
    Column overflow = sum.isNull().and(col(Columns.LIKES).isNotNull()).and(col(Columns.COMMENTS).isNotNull());
    return when(overflow, raise_error(format_string("post %s: likes + comments + shares + saves exceed the largest "
        + "64-bit count (likes %s, comments %s, shares %s, saves %s)", col(Columns.POST_ID), col(Columns.LIKES),
        col(Columns.COMMENTS), col(Columns.SHARES), col(Columns.SAVES))))
        .otherwise(sum);
  }

  /** Per-post engagement in the window: one row per post with its followers on the day and its ER. */
  public Dataset<Row> postEngagement(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return annotatedStream(profiles, posts, asOf)
        .filter(col(KIND).equalTo(KIND_POST))
        .select(col(Columns.POST_ID), col(Columns.CREATOR_ID), col(DAY).as("post_date"), col(Columns.LIKES),
            col(Columns.COMMENTS), col(INTERACTIONS), col(POST_FOLLOWERS), col(MATCHED), col(ER), col(VIEWS_ER),
            col(Columns.IS_SPONSORED));
  }

  /** One row per creator: the creator_engagement table (without as_of_date). */
  public Dataset<Row> creatorEngagement(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    Column isPost = col(KIND).equalTo(KIND_POST);
    Column one = lit(1);
    Column zero = lit(0);
    Column latest = max_by(struct(col(Columns.HANDLE), col(Columns.PLATFORM), col(Columns.NICHE),
        col(Columns.COUNTRY), col(Columns.FOLLOWERS), col(DAY).as("followers_date")),
        when(col(KIND).equalTo(KIND_SNAPSHOT), col(DAY)));
    Column sponsored = coalesce(col(Columns.IS_SPONSORED), lit(false));
    Dataset<Row> perCreator = annotatedStream(profiles, posts, asOf)
        .groupBy(col(Columns.CREATOR_ID))
        .agg(latest.as("latest"),
            sum(when(isPost, one).otherwise(zero)).cast("int").as("posts_in_window"),
            count(col(ER)).cast("int").as("rated_posts"),
            percentile(col(ER), array(lit(0.25), lit(0.5), lit(0.75))).as("er_quartiles"),
            avg(col(ER)).as("er_mean"),
            percentile(col(VIEWS_ER), lit(0.5)).as("views_er_median"),
            percentile(col(LIKES_COMMENTS_ER), lit(0.5)).as("er_likes_comments_median"),
            percentile(col(INTERACTIONS), lit(0.5)).as("interactions_median"),
            percentile(col(Columns.LIKES), lit(0.5)).as("likes_median"),
            percentile(col(Columns.COMMENTS), lit(0.5)).as("comments_median"),
            percentile(when(isPost, coalesce(col(Columns.SHARES), lit(0L))), lit(0.5)).as("shares_median"),
            percentile(when(col(Columns.VIEWS).gt(0), col(Columns.VIEWS)), lit(0.5)).as("views_median"),
            percentile(when(sponsored, col(ER)), lit(0.5)).as("sponsored_er_median"),
            percentile(when(sponsored.equalTo(false), col(ER)), lit(0.5)).as("organic_er_median"),
            avg(when(isPost, sponsored.cast("double"))).as("sponsored_share"),
            // Summed as doubles: the ratio needs no exact count, and a long sum over many posts could wrap.
            sum(col(Columns.COMMENTS).cast("double")).as("_comments"),
            sum(col(Columns.LIKES).cast("double")).as("_likes"),
            sum(when(isPost.and(col(MATCHED).equalTo(false)), one).otherwise(zero)).cast("int").as("unmatched_posts"),
            sum(when(isPost.and(col(POST_FOLLOWERS).equalTo(0)), one).otherwise(zero)).cast("int")
                .as("zero_follower_posts"));
    return perCreator.select(
        col(Columns.CREATOR_ID),
        col("latest.handle").as(Columns.HANDLE),
        col("latest.platform").as(Columns.PLATFORM),
        col("latest.niche").as(Columns.NICHE),
        col("latest.country").as(Columns.COUNTRY),
        config.tiers().tierOf(col("latest.followers")).as(Columns.TIER),
        col("latest.followers").as(Columns.FOLLOWERS),
        col("latest.followers_date").as("followers_date"),
        col("posts_in_window"),
        col("rated_posts"),
        col("rated_posts").geq(config.minPosts()).as("rated"),
        col("er_quartiles").getItem(1).as("er_median"),
        col("er_mean"),
        col("er_quartiles").getItem(0).as("er_p25"),
        col("er_quartiles").getItem(2).as("er_p75"),
        col("er_quartiles").getItem(2).minus(col("er_quartiles").getItem(0)).as("er_iqr"),
        col("views_er_median"),
        col("er_likes_comments_median"),
        col("interactions_median"),
        col("likes_median"),
        col("comments_median"),
        col("shares_median"),
        col("views_median"),
        col("sponsored_er_median"),
        col("organic_er_median"),
        when(col("organic_er_median").gt(0), col("sponsored_er_median").divide(col("organic_er_median")))
            .as("paid_post_performance"),
        col("sponsored_share"),
        when(col("_likes").gt(0), col("_comments").divide(col("_likes"))).as("comment_to_like_ratio"),
        col("posts_in_window").divide(lit(config.windowDays() / 7.0)).as("posts_per_week"),
        col("unmatched_posts"),
        col("zero_follower_posts"));
  }

  /**
   * Adds the median creator ER of each creator's platform x tier x niche group (from engagement_distribution) as
   * column {@code as}. The distribution is one small row per group, so it is broadcast: no shuffle of creators.
   */
  public static Dataset<Row> withGroupMedian(Dataset<Row> creators, Dataset<Row> distribution, String as) {
    Dataset<Row> medians = distribution.filter(col("group_level").equalTo("platform_tier_niche"))
        .select(col(Columns.PLATFORM), col(Columns.TIER), col(Columns.NICHE), col("er_p50").as(as));
    return creators.join(org.apache.spark.sql.functions.broadcast(medians),
        Sparks.joinColumns(Columns.PLATFORM, Columns.TIER, Columns.NICHE), "left");
  }

  /**
   * The engagement_distribution table (without as_of_date) over rated creators: real platform x tier x niche
   * groups plus rollups, in one aggregation (a cube, keeping the grouping sets that keep the platform).
   */
  public Dataset<Row> distribution(Dataset<Row> creatorEngagement) {
    Column er = col("er_median");
    List<Column> buckets = new ArrayList<>();
    buckets.add(sum(when(er.lt(HISTOGRAM_EDGES[0]), 1L).otherwise(0L)));
    for (int i = 1; i < HISTOGRAM_EDGES.length; i++) {
      buckets.add(sum(when(er.geq(HISTOGRAM_EDGES[i - 1]).and(er.lt(HISTOGRAM_EDGES[i])), 1L).otherwise(0L)));
    }
    buckets.add(sum(when(er.geq(HISTOGRAM_EDGES[HISTOGRAM_EDGES.length - 1]), 1L).otherwise(0L)));
    Column[] pcts = new Column[PERCENTILES.length];
    for (int i = 0; i < PERCENTILES.length; i++) {
      pcts[i] = lit(PERCENTILES[i]);
    }
    Column[] edges = new Column[HISTOGRAM_EDGES.length];
    for (int i = 0; i < HISTOGRAM_EDGES.length; i++) {
      edges[i] = lit(HISTOGRAM_EDGES[i]);
    }
    Dataset<Row> cube = creatorEngagement.filter(col("rated"))
        .cube(col(Columns.PLATFORM), col(Columns.TIER), col(Columns.NICHE))
        .agg(grouping(Columns.PLATFORM).as("_gp"), grouping(Columns.TIER).as("_gt"),
            grouping(Columns.NICHE).as("_gn"),
            count(lit(1)).as("rated_creators"),
            sum(col("rated_posts")).cast("bigint").as("posts"),
            avg(er).as("er_mean"),
            stddev_samp(er).as("er_stddev"),
            percentile_approx(er, array(pcts), lit(config.percentileAccuracy())).as("_q"),
            array(buckets.toArray(new Column[0])).as("histogram_counts"))
        .filter(col("_gp").equalTo(0));
    Column allTiers = col("_gt").equalTo(1);
    Column allNiches = col("_gn").equalTo(1);
    List<Column> select = new ArrayList<>(List.of(
        col(Columns.PLATFORM),
        when(allTiers, lit(ALL)).otherwise(col(Columns.TIER)).as(Columns.TIER),
        when(allNiches, lit(ALL)).otherwise(col(Columns.NICHE)).as(Columns.NICHE),
        when(allTiers.and(allNiches), lit("platform"))
            .when(allTiers, lit("platform_niche"))
            .when(allNiches, lit("platform_tier"))
            .otherwise(lit("platform_tier_niche")).as("group_level"),
        col("rated_creators"), col("posts"), col("er_mean"), col("er_stddev")));
    for (int i = 0; i < PERCENTILES.length; i++) {
      select.add(col("_q").getItem(i).as(String.format("er_p%02d", Math.round(PERCENTILES[i] * 100))));
    }
    select.add(array(edges).as("histogram_edges"));
    select.add(col("histogram_counts"));
    return cube.select(select.toArray(new Column[0]));
  }
}
