package io.creatorscope.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-built creators in one group (instagram x fitness x micro) to test the score and the ranks. */
class DiscoveryJobTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 31);

  static final StructType ENGAGEMENT = new StructType()
      .add("creator_id", DataTypes.StringType).add("handle", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("niche", DataTypes.StringType)
      .add("country", DataTypes.StringType).add("tier", DataTypes.StringType)
      .add("followers", DataTypes.LongType).add("rated", DataTypes.BooleanType)
      .add("rated_posts", DataTypes.IntegerType).add("posts_in_window", DataTypes.IntegerType)
      .add("er_median", DataTypes.DoubleType).add("er_iqr", DataTypes.DoubleType)
      .add("posts_per_week", DataTypes.DoubleType).add("paid_post_performance", DataTypes.DoubleType)
      .add("sponsored_share", DataTypes.DoubleType);
  static final StructType AUTHENTICITY = new StructType()
      .add("creator_id", DataTypes.StringType).add("authenticity_score", DataTypes.DoubleType)
      .add("suspicious_spikes", DataTypes.IntegerType);
  static final StructType DISTRIBUTION = new StructType()
      .add("platform", DataTypes.StringType).add("tier", DataTypes.StringType).add("niche", DataTypes.StringType)
      .add("group_level", DataTypes.StringType).add("er_p50", DataTypes.DoubleType);
  static final StructType FLAGS = new StructType()
      .add("creator_id", DataTypes.StringType).add("kind", DataTypes.StringType).add("date", DataTypes.DateType)
      .add("followers_before", DataTypes.LongType).add("followers_after", DataTypes.LongType)
      .add("severity", DataTypes.DoubleType).add("relative_change_per_day", DataTypes.DoubleType)
      .add("robust_z", DataTypes.DoubleType);
  static final StructType PROFILES = new StructType()
      .add("creator_id", DataTypes.StringType).add("snapshot_date", DataTypes.DateType)
      .add("followers", DataTypes.LongType);

  /** One creator's facts; tests change one at a time. */
  static final class Creator {
    String id;
    String tier = "micro";
    long followers = 20_000;
    long followers30dAgo = 19_000;
    int posts = 30;
    double er = 0.03;
    double iqr = 0.01;
    double postsPerWeek = 3;
    double paid = 0.9;
    double sponsoredShare = 0.15;
    double authenticity = 1.0;

    Creator(String id) {
      this.id = id;
    }
  }

  private final Map<String, Creator> creators = new HashMap<>();
  private final List<Row> flags = new ArrayList<>();

  private Creator add(String id) {
    Creator c = new Creator(id);
    creators.put(id, c);
    return c;
  }

  @BeforeEach
  void group() {
    for (int i = 0; i < 8; i++) {
      Creator c = add("peer" + i);
      c.er = 0.02 + 0.002 * i;
      c.followers30dAgo = 19_000 + 100 * i;
    }
  }

  private Dataset<Row> rank(DiscoveryConfig config) {
    List<Row> engagement = new ArrayList<>();
    List<Row> authenticity = new ArrayList<>();
    List<Row> profiles = new ArrayList<>();
    for (Creator c : creators.values()) {
      engagement.add(RowFactory.create(c.id, "@" + c.id, "instagram", "fitness", "DE", c.tier, c.followers, true,
          c.posts, c.posts, c.er, c.iqr, c.postsPerWeek, c.paid, c.sponsoredShare));
      authenticity.add(RowFactory.create(c.id, c.authenticity, 0));
      profiles.add(RowFactory.create(c.id, AS_OF.minusDays(30), c.followers30dAgo));
      profiles.add(RowFactory.create(c.id, AS_OF, c.followers));
    }
    List<Row> distribution = List.of(
        RowFactory.create("instagram", "micro", "fitness", "platform_tier_niche", 0.028),
        RowFactory.create("instagram", "emerging", "fitness", "platform_tier_niche", 0.08));
    return new DiscoveryJob(spark, config, EngagementConfig.defaults()).ranking(
        spark.createDataFrame(engagement, ENGAGEMENT), spark.createDataFrame(authenticity, AUTHENTICITY),
        spark.createDataFrame(distribution, DISTRIBUTION), spark.createDataFrame(flags, FLAGS),
        spark.createDataFrame(profiles, PROFILES), AS_OF);
  }

  /** The ranking's rows by creator_id: collected once, each ranking's plan is analysed and run once. */
  private Map<String, Row> ranked(DiscoveryConfig config) {
    Map<String, Row> rows = new HashMap<>();
    rank(config).collectAsList().forEach(r -> rows.put(r.getAs("creator_id"), r));
    return rows;
  }

  private Integer rankOf(String id) {
    Row r = ranked(DiscoveryConfig.defaults()).get(id);
    return r.isNullAt(r.fieldIndex("rank")) ? null : r.getAs("rank");
  }

  @Test
  void ranksAreDeterministicDenseAndTieBrokenByCreatorId() {
    add("twin-b").er = 0.05;
    add("twin-a").er = 0.05;
    List<Row> once = rank(DiscoveryConfig.defaults()).orderBy("rank").collectAsList();
    List<Row> again = rank(DiscoveryConfig.defaults()).orderBy("rank").collectAsList();
    assertEquals(once, again);
    for (int i = 0; i < once.size(); i++) {
      assertEquals(i + 1, (int) once.get(i).getAs("rank"));
    }
    assertEquals("twin-a", once.get(0).getAs("creator_id"), "equal scores: the smaller creator_id first");
    assertEquals("twin-b", once.get(1).getAs("creator_id"));
    for (Row r : once) {
      double score = r.getAs("score");
      assertTrue(score >= 0 && score <= 100, "score " + score);
    }
  }

  @Test
  void improvingAnyComponentNeverLowersTheRank() {
    Creator c = add("subject");
    int base = rankOf("subject");
    c.er = 0.04;
    int betterEngagement = rankOf("subject");
    assertTrue(betterEngagement <= base, betterEngagement + " vs " + base);
    c.authenticity = 1.0;
    c.followers30dAgo = 15_000;
    int betterGrowth = rankOf("subject");
    assertTrue(betterGrowth <= betterEngagement);
    c.postsPerWeek = 5;
    c.iqr = 0.001;
    int betterActivity = rankOf("subject");
    assertTrue(betterActivity <= betterGrowth);
    c.paid = 1.2;
    c.sponsoredShare = 0.1;
    assertTrue(rankOf("subject") <= betterActivity);
    c.authenticity = 0.3;
    assertTrue(rankOf("subject") >= betterActivity, "a worse authenticity does not improve the rank");
  }

  @Test
  void aTinyAccountWithOneLuckyStretchRanksBelowASteadyOne() {
    Creator tiny = add("tiny");
    tiny.posts = 3;
    tiny.er = 0.07;
    tiny.iqr = 0.10;
    tiny.postsPerWeek = 0.25;
    Creator steady = add("steady");
    steady.posts = 60;
    steady.er = 0.065;
    Map<String, Row> ranking = ranked(DiscoveryConfig.defaults());
    assertTrue((double) ranking.get("tiny").getAs("shrunk_er") < (double) ranking.get("steady").getAs("shrunk_er"));
    assertTrue((int) ranking.get("steady").getAs("rank") < (int) ranking.get("tiny").getAs("rank"));
  }

  @Test
  void suspiciousSpikesAndEmergingAccountsStayInTheTableUnranked() {
    Creator bought = add("bought");
    bought.er = 0.06;
    flags.add(RowFactory.create("bought", "suspicious_spike", AS_OF.minusDays(20), 18_000L, 20_000L, 0.5, 0.111,
        9.0));
    Creator nudged = add("nudged");
    nudged.er = 0.06;
    flags.add(RowFactory.create("nudged", "unexplained_rise", AS_OF.minusDays(40), 18_000L, 18_700L, 0.1, 0.039,
        4.4));
    Creator viral = add("viral");
    viral.er = 0.06;
    flags.add(RowFactory.create("viral", "organic_spike", AS_OF.minusDays(40), 18_000L, 19_500L, 0.2, 0.083, 8.0));
    add("small").tier = "emerging";
    Map<String, Row> ranking = ranked(DiscoveryConfig.defaults());
    Row b = ranking.get("bought");
    assertNull(b.getAs("rank"));
    assertTrue(((String) b.getAs("excluded_reason")).startsWith("suspicious follower spike"));
    assertEquals(-0.0, (double) b.getAs("growth_30d") - (20_000 - 19_000 - 2_000) / 19_000.0, 1e-9,
        "growth net of the suspicious gain");
    Row n = ranking.get("nudged");
    assertNull(n.getAs("rank"));
    assertEquals("unexplained follower rise (+3.9% a day on " + AS_OF.minusDays(40) + ", robust z 4.4) in the last 90 "
        + "days: not ranked until explained (discovery.exclude_unexplained_rises)", n.getAs("excluded_reason"));
    assertEquals(1, (int) ranking.get("viral").getAs("rank"), "an organic spike is no reason to exclude");
    Row small = ranking.get("small");
    assertNull(small.getAs("rank"));
    assertTrue(((String) small.getAs("excluded_reason")).startsWith("emerging tier"));
    Map<String, Row> lenient = ranked(new DiscoveryConfig(0.35, 0.25, 0.15, 0.15, 0.10, 10, 0.1, true, false));
    assertEquals(1, (int) lenient.get("small").getAs("rank"), "alone in its group when emerging accounts are ranked");
    assertNotNull(lenient.get("nudged").getAs("rank"), "ranked when unexplained rises do not exclude");
  }
}
