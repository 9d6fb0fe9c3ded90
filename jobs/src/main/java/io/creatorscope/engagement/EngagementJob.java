package io.creatorscope.engagement;

import static io.creatorscope.engagement.CreatorTimeline.DAY;
import static io.creatorscope.engagement.CreatorTimeline.ER;
import static io.creatorscope.engagement.CreatorTimeline.INTERACTIONS;
import static io.creatorscope.engagement.CreatorTimeline.LIKES_COMMENTS_ER;
import static io.creatorscope.engagement.CreatorTimeline.MATCHED;
import static io.creatorscope.engagement.CreatorTimeline.POST_FOLLOWERS;
import static io.creatorscope.engagement.CreatorTimeline.VIEWS_ER;
import static io.creatorscope.engagement.CreatorTimeline.isPost;
import static io.creatorscope.engagement.CreatorTimeline.isSnapshot;
import static io.creatorscope.engagement.ExactPercentile.sortedValues;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.content.ContentSignals;
import io.creatorscope.content.NicheSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code engagement} job: per-post engagement rates (ER) with an as-of join to the creator's follower count on
 * the day of the post, per-creator ER over a trailing window, and ER distributions per platform x tier x niche.
 *
 * <p>The posts and snapshots come from a {@link CreatorTimeline}, sorted by creator and day for the as-of join; the
 * per-creator aggregation reuses its partitioning (no second shuffle). The niche votes of each creator's post tags
 * are a hash aggregation of the posts beside it, joined by creator. The distributions are one more aggregation over
 * the (much smaller) creator table.
 */
public final class EngagementJob extends BaseJob<EngagementJob.Result> {
  /** Log-spaced (1-2-5) ER bucket edges of the distribution histogram, from 0.01% to 100%. */
  public static final double[] HISTOGRAM_EDGES = {
    0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0
  };
  /** Percentiles of creator ER in the distribution table. */
  public static final double[] PERCENTILES = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};
  public static final String ALL = "_all";
  /** A post's niches by its tags ({@link #postNiches}). */
  private static final String NICHES = "_niches";
  private static final String NICHE_VOTES = "_niche_votes";
  /** Prefix of a median's sorted list of post values in the per-creator aggregation. */
  private static final String SORTED = "_sorted_";

  private final EngagementConfig config;
  private final ContentConfig content;

  /** With the default niche keywords. */
  public EngagementJob(SparkSession spark, EngagementConfig config) {
    this(spark, config, ContentConfig.defaults());
  }

  /** @param content the niche keywords that infer an unknown niche from hashtags */
  public EngagementJob(SparkSession spark, EngagementConfig config, ContentConfig content) {
    super(spark, "engagement", "per-post ER, creator ER, distributions");
    this.config = config;
    this.content = content;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long creators, long ratedCreators, long distributionRows, double seconds)
      implements JobResult {
    @Override
    public String summary() {
      return creators + " creators (" + ratedCreators + " rated), " + distributionRows + " distribution rows";
    }
  }

  /**
   * What the job reads of the curated tables: the posts of the {@code window_days} up to {@code asOf}, the
   * snapshots of those days and of the {@code match_before_days} before them, nothing older.
   */
  public CreatorTimeline.Span span(LocalDate asOf) {
    return CreatorTimeline.engagementSpan(config, asOf);
  }

  /** Stages both engagement tables of {@code asOf} in {@code out}. */
  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    out.stage(Tables.output(Tables.CREATOR_ENGAGEMENT),
        creatorEngagement(CreatorTimeline.read(out, span(asOf), config)), asOf);
    Dataset<Row> written = out.read(Tables.CREATOR_ENGAGEMENT, asOf);
    Row counts = written.agg(count(lit(1)), count(when(col("rated"), true))).first();
    progress.step("creator_engagement: " + counts.getLong(0) + " creators, " + counts.getLong(1) + " rated");
    out.stage(Tables.output(Tables.ENGAGEMENT_DISTRIBUTION), distribution(written).coalesce(1), asOf);
    long groups = out.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf).count();
    progress.step("engagement_distribution: " + groups + " rows");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), groups, progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("engagement", config, "content", content);
  }

  /** The timeline of {@code profiles} and {@code posts} this job reads as of {@code asOf} (all snapshots given). */
  private CreatorTimeline timeline(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return CreatorTimeline.of(profiles, posts, new CreatorTimeline.Span(asOf, null, span(asOf).postsFrom()), config);
  }

  /** Per-post engagement in the window: one row per post with its followers on the day and its ER. */
  public Dataset<Row> postEngagement(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return timeline(profiles, posts, asOf).rows()
        .filter(isPost())
        .select(col(Columns.POST_ID), col(Columns.CREATOR_ID), col(DAY).as("post_date"), col(Columns.LIKES),
            col(Columns.COMMENTS), col(INTERACTIONS), col(POST_FOLLOWERS), col(MATCHED), col(ER), col(VIEWS_ER),
            col(Columns.IS_SPONSORED));
  }

  /** One row per creator of {@code profiles} and {@code posts}: the creator_engagement table (without as_of_date). */
  public Dataset<Row> creatorEngagement(Dataset<Row> profiles, Dataset<Row> posts, LocalDate asOf) {
    return creatorEngagement(timeline(profiles, posts, asOf));
  }

  /** One row per creator of the job's span of {@code timeline}: the creator_engagement table (without as_of_date). */
  public Dataset<Row> creatorEngagement(CreatorTimeline timeline) {
    Column isPost = isPost();
    Column one = lit(1);
    Column zero = lit(0);
    Column latest = max_by(struct(col(Columns.HANDLE), col(Columns.PLATFORM), col(Columns.NICHE),
        col(Columns.COUNTRY), col(Columns.FOLLOWERS), col(DAY).as("followers_date")),
        when(isSnapshot(), col(DAY)));
    Column sponsored = coalesce(col(Columns.IS_SPONSORED), lit(false));
    // Each per-creator median: its column, and the post values whose sorted list gives it (that of ER also gives
    // its quartiles).
    Map<String, Column> medianOf = new LinkedHashMap<>();
    medianOf.put("er_median", col(ER));
    medianOf.put("views_er_median", col(VIEWS_ER));
    medianOf.put("er_likes_comments_median", col(LIKES_COMMENTS_ER));
    medianOf.put("interactions_median", col(INTERACTIONS));
    medianOf.put("likes_median", col(Columns.LIKES));
    medianOf.put("comments_median", col(Columns.COMMENTS));
    medianOf.put("shares_median", when(isPost, coalesce(col(Columns.SHARES), lit(0L))));
    medianOf.put("views_median", when(col(Columns.VIEWS).gt(0), col(Columns.VIEWS)));
    medianOf.put("sponsored_er_median", when(sponsored, col(ER)));
    medianOf.put("organic_er_median", when(sponsored.equalTo(false), col(ER)));
    List<Column> aggregates = new ArrayList<>(List.of(
        sum(when(isPost, one).otherwise(zero)).cast("int").as("posts_in_window"),
        count(col(ER)).cast("int").as("rated_posts"),
        avg(col(ER)).as("er_mean"),
        avg(when(isPost, sponsored.cast("double"))).as("sponsored_share"),
        // Summed as doubles: the ratio needs no exact count, and a long sum over many posts could wrap.
        sum(col(Columns.COMMENTS).cast("double")).as("_comments"),
        sum(col(Columns.LIKES).cast("double")).as("_likes"),
        sum(when(isPost.and(col(MATCHED).equalTo(false)), one).otherwise(zero)).cast("int").as("unmatched_posts"),
        sum(when(isPost.and(col(POST_FOLLOWERS).equalTo(0)), one).otherwise(zero)).cast("int")
            .as("zero_follower_posts")));
    Map<String, Column> percentiles = new LinkedHashMap<>();
    medianOf.forEach((median, values) -> {
      aggregates.add(sortedValues(values).as(SORTED + median));
      percentiles.put(median, ExactPercentile.of(col(SORTED + median), 0.5));
    });
    percentiles.put("er_p25", ExactPercentile.of(col(SORTED + "er_median"), 0.25));
    percentiles.put("er_p75", ExactPercentile.of(col(SORTED + "er_median"), 0.75));
    CreatorTimeline.Span span = span(timeline.span().asOf());
    Dataset<Row> perCreator = timeline.rows(span)
        .groupBy(col(Columns.CREATOR_ID))
        .agg(latest.as("latest"), aggregates.toArray(new Column[0]))
        .withColumns(percentiles)
        .join(nicheVotes(timeline.posts(span)), Sparks.joinColumns(Columns.CREATOR_ID), "left");
    Column given = col("latest.niche").isNotNull().and(col("latest.niche").notEqual(Columns.UNKNOWN_NICHE));
    Column inferred = inferredNiche(col(NICHE_VOTES));
    return perCreator.select(
        col(Columns.CREATOR_ID),
        col("latest.handle").as(Columns.HANDLE),
        col("latest.platform").as(Columns.PLATFORM),
        when(given, col("latest.niche")).otherwise(coalesce(inferred, lit(Columns.UNKNOWN_NICHE))).as(Columns.NICHE),
        when(given, lit(NicheSource.GIVEN.label())).when(inferred.isNotNull(), lit(NicheSource.INFERRED.label()))
            .otherwise(lit(NicheSource.UNKNOWN.label())).as(Columns.NICHE_SOURCE),
        col("latest.country").as(Columns.COUNTRY),
        config.tiers().tierOf(col("latest.followers")).as(Columns.TIER),
        col("latest.followers").as(Columns.FOLLOWERS),
        col("latest.followers_date").as("followers_date"),
        col("posts_in_window"),
        col("rated_posts"),
        col("rated_posts").geq(config.minPosts()).as("rated"),
        col("er_median"),
        col("er_mean"),
        col("er_p25"),
        col("er_p75"),
        col("er_p75").minus(col("er_p25")).as("er_iqr"),
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
   * One row per creator of {@code posts} (those of the window): per niche of the keyword lists, its posts carrying
   * at least one of the niche's tags, as an array of (posts, niche), largest first. Counting posts, not tags, so
   * one post stuffed with tags is one vote. An aggregation of its own over the posts, joined to the creators after
   * theirs, so that the tags never travel through the stream's shuffle and sort (the tags, patterns included, were
   * a quarter of the creator table's computation at 50,000 creators).
   */
  private Dataset<Row> nicheVotes(Dataset<Row> posts) {
    List<Column> votes = new ArrayList<>();
    content.nicheKeywords().keySet().forEach(niche -> votes.add(struct(
        count(when(array_contains(col(NICHES), niche), 1)).as("posts"), lit(niche).as("niche"))));
    return posts.select(col(Columns.CREATOR_ID), postNiches(ContentSignals.tagsOf(posts)).as(NICHES))
        .groupBy(col(Columns.CREATOR_ID))
        .agg(sort_array(array(votes.toArray(new Column[0])), false).as(NICHE_VOTES));
  }

  /**
   * The niches whose keywords one of a post's {@code tags} is, each once. Looked up once per post in one map from
   * keyword to niches, where testing the tags against each niche's list built a hash set of the tags per niche and
   * post (a tenth of the job's time at 50,000 creators).
   */
  private Column postNiches(Column tags) {
    Map<String, List<String>> nichesOfTag = new TreeMap<>();
    content.nicheKeywords().forEach((niche, keywords) -> keywords.forEach(
        keyword -> nichesOfTag.computeIfAbsent(keyword, k -> new ArrayList<>()).add(niche)));
    if (nichesOfTag.isEmpty()) {
      return ContentSignals.literal(List.of());
    }
    Column byTag = map_from_arrays(ContentSignals.literal(new ArrayList<>(nichesOfTag.keySet())),
        array(nichesOfTag.values().stream().map(ContentSignals::literal).toArray(Column[]::new)));
    return array_distinct(flatten(transform(tags,
        tag -> coalesce(try_element_at(byTag, tag), ContentSignals.literal(List.of())))));
  }

  /**
   * The niche with the most votes when it has at least content.niche_min_posts and strictly more than the next
   * one; null otherwise (a tie says nothing).
   */
  private Column inferredNiche(Column votes) {
    Column top = votes.getItem(0);
    Column second = votes.getItem(1);
    return when(top.getField("posts").geq(content.nicheMinPosts())
        .and(coalesce(second.getField("posts"), lit(0L)).lt(top.getField("posts"))), top.getField("niche"));
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
