package io.creatorscope.economics;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.creatorscope.common.Settings;
import io.creatorscope.engagement.TierScheme;
import io.creatorscope.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * creator_economics on hand-built creators, against values computed here by hand from the rate card, the tier
 * edges and the configured EMV values, independently of the job's expressions.
 */
class EconomicsJobTest extends SparkTestBase {
  private static final double EPS = 1e-6;
  private static final TierScheme TIERS = TierScheme.named("default");
  private static final StructType ENGAGEMENT = new StructType()
      .add("creator_id", DataTypes.StringType).add("handle", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("niche", DataTypes.StringType)
      .add("country", DataTypes.StringType).add("tier", DataTypes.StringType)
      .add("followers", DataTypes.LongType).add("rated", DataTypes.BooleanType)
      .add("interactions_median", DataTypes.DoubleType).add("likes_median", DataTypes.DoubleType)
      .add("comments_median", DataTypes.DoubleType).add("shares_median", DataTypes.DoubleType)
      .add("views_median", DataTypes.DoubleType);
  private static final StructType AUTHENTICITY = new StructType()
      .add("creator_id", DataTypes.StringType).add("authenticity_score", DataTypes.DoubleType);

  private static Row creator(String id, String platform, long followers, boolean rated, double interactions,
      double likes, double comments, Double shares, Double views) {
    return RowFactory.create(id, "@" + id, platform, "food", "DE", TIERS.tierOf(followers), followers, rated,
        interactions, likes, comments, shares, views);
  }

  private static Dataset<Row> economics(List<Row> creators, List<Row> authenticity, Map<String, String> settings) {
    EconomicsConfig config = EconomicsConfig.from(Settings.of(settings, EconomicsConfig.KEYS));
    RateCard card = RateCard.load(Optional.empty(), TIERS, new Configuration());
    return new EconomicsJob(spark, config, card)
        .economics(spark.createDataFrame(creators, ENGAGEMENT), spark.createDataFrame(authenticity, AUTHENTICITY));
  }

  private static Row row(Dataset<Row> economics, String id) {
    return economics.filter(col("creator_id").equalTo(id)).first();
  }

  /** The shipped default card's point price at {@code followers} on Instagram, in plain arithmetic. */
  private static double pointPrice(double low, double high, double lower, double upper, double followers) {
    double t = Math.min(1, Math.max(0, Math.log10(followers / lower) / Math.log10(upper / lower)));
    return low * Math.pow(high / low, t);
  }

  @Test
  void pricesAreInterpolatedLogLinearlyWithinTheTierAndDoNotJumpAtItsEdges() {
    List<Row> creators = List.of(
        creator("at10k", "instagram", 10_000, true, 100, 90, 10, 0.0, null),
        creator("below10k", "instagram", 9_999, true, 100, 90, 10, 0.0, null),
        creator("mid", "instagram", 31_623, true, 100, 90, 10, 0.0, null),
        creator("mega1m", "instagram", 1_000_000, true, 100, 90, 10, 0.0, null),
        creator("mega10m", "instagram", 10_000_000, true, 100, 90, 10, 0.0, null),
        creator("mega50m", "instagram", 50_000_000, true, 100, 90, 10, 0.0, null),
        creator("zero", "instagram", 0, true, 1, 1, 0, 0.0, null));
    Dataset<Row> e = economics(creators, List.of(), Map.of());
    double band = Math.pow(10, 0.25); // micro spans 100-1,000 USD: a quarter of its log range is 10^0.25
    assertPrice(row(e, "at10k"), 100 / band, 100 * band);
    assertPrice(row(e, "below10k"), pointPrice(10, 100, 1_000, 10_000, 9_999) / band,
        pointPrice(10, 100, 1_000, 10_000, 9_999) * band);
    assertEquals(row(e, "at10k").getDouble(row(e, "at10k").fieldIndex("price_low_usd")),
        row(e, "below10k").getDouble(row(e, "below10k").fieldIndex("price_low_usd")), 0.01,
        "9,999 (nano) and 10,000 (micro) followers cost the same");
    assertPrice(row(e, "mid"), pointPrice(100, 1_000, 10_000, 100_000, 31_623) / band,
        pointPrice(100, 1_000, 10_000, 100_000, 31_623) * band);
    assertEquals(316.23, pointPrice(100, 1_000, 10_000, 100_000, 31_623), 0.01, "halfway in log terms");
    assertPrice(row(e, "mega1m"), 10_000 / band, 10_000 * band);
    assertPrice(row(e, "mega10m"), 100_000 / band, 100_000 * band);
    assertPrice(row(e, "mega50m"), 100_000 / band, 100_000 * band, "beyond the open tier's virtual edge: as at it");
    assertPrice(row(e, "zero"), 1 / band, 1 * band, "0 followers: the lowest tier's low");
  }

  private static void assertPrice(Row r, double low, double high, String... why) {
    String id = r.getAs("creator_id");
    assertEquals(low, r.getAs("price_low_usd"), low * 1e-9, id + " low " + String.join("", why));
    assertEquals(high, r.getAs("price_high_usd"), high * 1e-9, id + " high " + String.join("", why));
  }

  @Test
  void deliveryCostsAndEarnedMediaValueOfHandBuiltCreators() {
    List<Row> creators = List.of(
        // TikTok micro at 40,000: 500 interactions (400 likes, 50 comments, 30 shares, 20 saves), 20,000 views
        creator("tk", "tiktok", 40_000, true, 500, 400, 50, 30.0, 20_000.0),
        // Instagram nano, no views, half its audience suspect
        creator("ig", "instagram", 5_000, true, 200, 180, 20, null, null),
        // no interactions at all: no CPE
        creator("dead", "instagram", 5_000, true, 0, 0, 0, 0.0, null),
        creator("unrated", "instagram", 5_000, false, 10, 10, 0, 0.0, null));
    List<Row> authenticity = List.of(RowFactory.create("tk", 0.8), RowFactory.create("ig", 0.5));
    Dataset<Row> e = economics(creators, authenticity, Map.of(EconomicsConfig.emvKey("tiktok", "view"), "0.002",
        EconomicsConfig.PRICE_BAND.name(), "0"));
    assertEquals(List.of("dead", "ig", "tk"), e.orderBy("creator_id").select("creator_id").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList(), "one row per rated creator");

    Row tk = row(e, "tk");
    double price = pointPrice(25, 250, 10_000, 100_000, 40_000); // default card, TikTok micro; band 0: low = high
    assertEquals(price, tk.getAs("price_low_usd"), 1e-9);
    assertEquals(price, tk.getAs("price_high_usd"), 1e-9);
    assertEquals(0.8, tk.getAs("authenticity_score"), EPS);
    assertEquals(400.0, tk.getAs("expected_interactions"), EPS, "500 x 0.8");
    assertEquals(16_000.0, tk.getAs("expected_views"), EPS, "20,000 x 0.8");
    assertEquals(price / 400, tk.getAs("cpe_high_usd"), EPS);
    assertEquals(price / 16_000 * 1000, tk.getAs("cpm_low_usd"), EPS);
    double emv = 0.8 * (400 * 0.01 + 50 * 0.05 + 30 * 0.10 + 20_000 * 0.002);
    assertEquals(emv, tk.getAs("emv_usd"), EPS, "likes, comments, shares at the defaults, views as configured");
    assertEquals((emv - price) / price, tk.getAs("roi_at_high_price"), EPS);

    Row ig = row(e, "ig");
    double igPrice = pointPrice(10, 100, 1_000, 10_000, 5_000);
    assertEquals(100.0, ig.getAs("expected_interactions"), EPS, "200 x 0.5");
    assertEquals(igPrice / 100, ig.getAs("cpe_low_usd"), EPS);
    assertNull(ig.getAs("expected_views"));
    assertNull(ig.getAs("cpm_high_usd"), "no views, no CPM");
    assertEquals(0.5 * (180 * 0.01 + 20 * 0.05), ig.getAs("emv_usd"), EPS, "a missing share count is 0");

    Row dead = row(e, "dead");
    assertEquals(1.0, dead.getAs("authenticity_score"), EPS, "no authenticity row counts as 1");
    assertNull(dead.getAs("cpe_low_usd"), "no expected interactions, no CPE");
  }

  @Test
  void aPlatformTheCardDoesNotPriceGetsNoPrice() {
    RateCard instagramOnly = RateCard.parse(RateCardTest.HEADER + RateCardTest.INSTAGRAM, "x", TIERS);
    Dataset<Row> e = new EconomicsJob(spark, EconomicsConfig.defaults(), instagramOnly).economics(
        spark.createDataFrame(List.of(creator("yt", "youtube", 5_000, true, 10, 9, 1, 0.0, 100.0)), ENGAGEMENT),
        spark.createDataFrame(List.of(), AUTHENTICITY));
    Row yt = e.first();
    assertNull(yt.getAs("price_high_usd"));
    assertNull(yt.getAs("cpe_high_usd"));
    assertEquals(0.01 * 9 + 0.05 + 0.0225 * 100, yt.getAs("emv_usd"), EPS, "EMV needs no price");
  }
}
