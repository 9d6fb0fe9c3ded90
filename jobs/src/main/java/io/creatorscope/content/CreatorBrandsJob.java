package io.creatorscope.content;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The {@code brands} job: creator_brands, the brands each creator promoted in sponsored posts (is_sponsored as
 * curated: given or detected) of the last content.brand_days days.
 *
 * <p>A brand is a handle a sponsored post mentions, or a hashtag of a sponsored post that some sponsored post of the
 * window (of any creator) mentions as a handle: #glowlab counts because a paid post says @glowlab, while #summer on a
 * paid post is no brand. Marker tags (#ad) and niche keywords (#fitness) never count.
 */
public final class CreatorBrandsJob extends BaseJob<CreatorBrandsJob.Result> {
  private static final String BRAND = "brand";
  /** A post's brand names by mention, and by hashtag (neither marker tags nor niche keywords). */
  private static final String MENTIONED = "_mentioned";
  private static final String TAGGED = "_tagged";

  private final ContentConfig config;

  public CreatorBrandsJob(SparkSession spark, ContentConfig config) {
    super(spark, "brands", "creator_brands");
    this.config = config;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long rows, long creators, double seconds) implements JobResult {
    @Override
    public String summary() {
      return rows + " creator-brand rows in creator_brands, " + creators + " creators";
    }
  }

  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    LocalDate from = asOf.minusDays(config.brandDays() - 1L);
    Dataset<Row> posts = out.readFacts(Tables.output(Tables.CURATED_POSTS), from, asOf);
    out.stage(Tables.output(Tables.CREATOR_BRANDS), brands(posts, from, asOf), asOf);
    Row counts = out.read(Tables.CREATOR_BRANDS, asOf)
        .agg(count(lit(1)), count_distinct(col(Columns.CREATOR_ID))).first();
    progress.step("creator_brands: " + counts.getLong(0) + " rows, " + counts.getLong(1) + " creators");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("content", config);
  }

  /**
   * The creator_brands rows (without as_of_date) of the sponsored posts of {@code posts} published in [from, to].
   * A hashtag names a brand only where a sponsored post of the window mentions that handle: one pass over the
   * posts, grouped by creator and brand first, and only then partitioned by brand to see whether any creator
   * mentioned it. Partitioning the posts' names by brand directly would send every post naming a very common brand
   * to one task; after the grouping a brand's partition holds one row per creator naming it.
   *
   * <p>A post names each of its brands once, and is one row of curated_posts, so a brand's posts are counted
   * without a distinct aggregation (which added two hash aggregations keyed by post: about half the job's time at
   * 50,000 creators).
   */
  public Dataset<Row> brands(Dataset<Row> posts, LocalDate from, LocalDate to) {
    Column caption = col(Columns.CAPTION);
    return posts
        .filter(col(Columns.IS_SPONSORED).and(col(Columns.POSTED_DATE).between(lit(from), lit(to))))
        .select(col(Columns.CREATOR_ID), col(Columns.POSTED_DATE),
            ContentSignals.mentions(col(Columns.MENTIONS), caption).as(MENTIONED),
            ContentSignals.without(ContentSignals.tagsOf(posts), notBrands()).as(TAGGED))
        .select(col(Columns.CREATOR_ID), col(Columns.POSTED_DATE), col(MENTIONED), col(TAGGED),
            explode(array_union(col(MENTIONED), col(TAGGED))).as(BRAND))
        .groupBy(col(Columns.CREATOR_ID), col(BRAND))
        .agg(count(lit(1)).cast("int").as("posts"),
            min(col(Columns.POSTED_DATE)).as("first_post_date"), max(col(Columns.POSTED_DATE)).as("last_post_date"),
            max(array_contains(col(MENTIONED), col(BRAND))).as("mentioned"),
            max(array_contains(col(TAGGED), col(BRAND))).as("hashtagged"))
        .withColumn("_mentioned_in_window", max(col("mentioned")).over(Window.partitionBy(col(BRAND))))
        .filter(col("_mentioned_in_window"))
        .drop("_mentioned_in_window");
  }

  /** Tags that are never brands: the sponsorship markers and every niche keyword. */
  private List<String> notBrands() {
    List<String> out = new ArrayList<>(config.markerTags());
    config.nicheKeywords().values().forEach(out::addAll);
    return out;
  }
}
