package io.creatorscope.economics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code economics} job: the creator_economics table. Every rated creator gets an estimated price per post
 * from the rate card, what a post is expected to deliver (its median interactions and views, discounted by its
 * authenticity score: bought followers buy nothing), and the cost per engagement (CPE), cost per thousand views
 * (CPM) and earned media value (EMV) that follow. Plain column expressions over one join of two per-creator
 * tables: no shuffle beyond that join, nothing per creator on the driver.
 */
public final class EconomicsJob extends BaseJob<EconomicsJob.Result> {
  private final EconomicsConfig config;
  private final RateCard rates;

  public EconomicsJob(SparkSession spark, EconomicsConfig config, RateCard rates) {
    super(spark, "economics", "creator_economics");
    this.config = config;
    this.rates = rates;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long creators, long priced, double seconds) implements JobResult {
    @Override
    public String summary() {
      return creators + " rated creators in creator_economics, " + priced + " priced";
    }
  }

  /** Reads the engagement and authenticity of {@code asOf} as {@code out} sees them; stages creator_economics. */
  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.stage(Tables.output(Tables.CREATOR_ECONOMICS), economics(out.read(Tables.CREATOR_ENGAGEMENT, asOf),
        out.read(Tables.CREATOR_AUTHENTICITY, asOf)), asOf);
    Row counts = out.read(Tables.CREATOR_ECONOMICS, asOf).agg(count(lit(1)), count(col("price_high_usd"))).first();
    progress.step("creator_economics: " + counts.getLong(0) + " rated creators, " + counts.getLong(1) + " priced");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), progress.elapsedSeconds());
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("economics", config, "rate_card", rates);
  }

  /** The creator_economics table (without as_of_date): one row per rated creator. */
  public Dataset<Row> economics(Dataset<Row> engagement, Dataset<Row> authenticity) {
    Column platform = col(Columns.PLATFORM);
    Column tier = col(Columns.TIER);
    Column followers = col(Columns.FOLLOWERS);
    Column auth = coalesce(col("authenticity_score"), lit(1.0));
    Column low = col("price_low_usd");
    Column high = col("price_high_usd");
    Column interactions = col("expected_interactions");
    Column views = col("expected_views");
    Column emv = auth.multiply(col("likes_median").multiply(emvValue(platform, "like"))
        .plus(col("comments_median").multiply(emvValue(platform, "comment")))
        .plus(coalesce(col("shares_median"), lit(0.0)).multiply(emvValue(platform, "share")))
        .plus(coalesce(col("views_median"), lit(0.0)).multiply(emvValue(platform, "view"))));
    return engagement.filter(col("rated"))
        .join(authenticity.select(col(Columns.CREATOR_ID), col("authenticity_score")), Columns.CREATOR_ID, "left")
        .withColumn("authenticity_score", auth)
        .withColumn("price_low_usd", rates.priceAt(platform, tier, followers, -config.priceBand()))
        .withColumn("price_high_usd", rates.priceAt(platform, tier, followers, config.priceBand()))
        .withColumn("expected_interactions", col("interactions_median").multiply(auth))
        .withColumn("expected_views", col("views_median").multiply(auth))
        .withColumn("cpe_low_usd", when(interactions.gt(0), low.divide(interactions)))
        .withColumn("cpe_high_usd", when(interactions.gt(0), high.divide(interactions)))
        .withColumn("cpm_low_usd", when(views.gt(0), low.divide(views).multiply(1000)))
        .withColumn("cpm_high_usd", when(views.gt(0), high.divide(views).multiply(1000)))
        .withColumn("emv_usd", emv)
        .withColumn("roi_at_high_price", when(high.gt(0), col("emv_usd").minus(high).divide(high)));
  }

  /** USD per like, comment, share or view on the creator's platform (0 on a platform without values). */
  private Column emvValue(Column platform, String measure) {
    Column value = null;
    for (Map.Entry<String, EconomicsConfig.EmvValues> e : config.emv().entrySet()) {
      double x = e.getValue().of(measure);
      value = value == null ? when(platform.equalTo(e.getKey()), lit(x)) : value.when(platform.equalTo(e.getKey()),
          lit(x));
    }
    return value.otherwise(lit(0.0));
  }
}
