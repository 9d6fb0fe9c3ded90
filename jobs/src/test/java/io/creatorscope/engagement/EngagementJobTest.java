package io.creatorscope.engagement;

import static io.creatorscope.testing.CuratedSchemas.POSTS;
import static io.creatorscope.testing.CuratedSchemas.PROFILES;
import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Settings;
import io.creatorscope.testing.SparkTestBase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-built edge cases of the as-of join and the per-creator metrics. */
class EngagementJobTest extends SparkTestBase {
  private static final double EPS = 1e-9;
  private final List<Row> profiles = new ArrayList<>();
  private final List<Row> posts = new ArrayList<>();

  /** The curated columns the engagement job reads (CreatorTimelineTest builds its rows with them too). */

  private void snapshot(String creator, int day, long followers, String niche) {
    profiles.add(RowFactory.create(creator, day(day), followers, 100L, "@" + creator, "instagram", niche, "DE"));
  }

  private void post(String id, String creator, Instant at, long likes, long comments, Long shares, Long saves,
      Long views, boolean sponsored) {
    posts.add(RowFactory.create(id, creator, at, likes, comments, shares, saves, views, sponsored));
  }

  @BeforeEach
  void creators() {
    // a: snapshots on days 10 and 12, a gap, then day 20 with a new niche.
    snapshot("a", 10, 1000, "food");
    snapshot("a", 12, 2000, "food");
    snapshot("a", 20, 4000, "travel");
    post("a1", "a", noon(5), 90, 10, null, null, null, false);     // 5 days before the first snapshot: uses day 10
    post("a2", "a", noon(1), 10, 1, null, null, null, false);      // 9 days before: unmatched
    post("a3", "a", noon(12), 290, 10, null, null, null, true);    // same-day snapshot (2000)
    post("a4", "a", noon(15), 95, 5, null, null, null, false);     // in the gap: day 12 (2000)
    post("a5", "a", noon(25), 150, 10, 20L, 20L, 1000L, false);    // shares, saves, views; day 20 (4000)
    // z: 0 followers on the day of its post.
    snapshot("z", 10, 0, "pets");
    post("z1", "z", noon(11), 5, 1, null, null, null, false);
    // q: no posts at all.
    snapshot("q", 29, 150_000, "tech");
  }

  private Dataset<Row> profilesFrame() {
    return spark.createDataFrame(profiles, PROFILES);
  }

  private Dataset<Row> postsFrame() {
    return spark.createDataFrame(posts, POSTS);
  }

  private static EngagementJob job(Map<String, String> settings) {
    return new EngagementJob(spark, EngagementConfig.from(Settings.of(settings, EngagementConfig.KEYS)));
  }

  @Test
  void perPostEngagementUsesTheLatestSnapshotOnOrBeforeThePostDay() {
    List<Row> rows = job(Map.of()).postEngagement(profilesFrame(), postsFrame(), day(30))
        .orderBy("post_id").select("post_id", "post_followers", "matched", "interactions", "er", "views_er")
        .collectAsList();
    assertEquals(6, rows.size());
    assertPost(rows.get(0), "a1", 1000L, true, 100, 0.1, null);
    assertPost(rows.get(1), "a2", null, false, 11, null, null);
    assertPost(rows.get(2), "a3", 2000L, true, 300, 0.15, null);
    assertPost(rows.get(3), "a4", 2000L, true, 100, 0.05, null);
    assertPost(rows.get(4), "a5", 4000L, true, 200, 0.05, 0.2);
    assertPost(rows.get(5), "z1", 0L, true, 6, null, null);
  }

  private static void assertPost(Row r, String id, Long followers, boolean matched, long interactions, Double er,
      Double viewsEr) {
    assertEquals(id, r.getString(0));
    assertEquals(followers, r.isNullAt(1) ? null : r.getLong(1), id + " followers");
    assertEquals(matched, r.getBoolean(2), id + " matched");
    assertEquals(interactions, r.getLong(3), id + " interactions");
    if (er == null) {
      assertTrue(r.isNullAt(4), id + " has no ER");
    } else {
      assertEquals(er, r.getDouble(4), EPS, id + " ER");
    }
    if (viewsEr == null) {
      assertTrue(r.isNullAt(5), id + " has no views ER");
    } else {
      assertEquals(viewsEr, r.getDouble(5), EPS, id + " views ER");
    }
  }

  @Test
  void creatorMetricsOverTheWindow() {
    Row a = creator(job(Map.of()), "a", day(30));
    assertEquals("travel", a.getAs("niche"), "the niche on the as-of date wins");
    assertEquals(4000L, (long) a.getAs("followers"));
    assertEquals(day(20), a.getAs("followers_date"));
    assertEquals("nano", a.getAs("tier"));
    assertEquals(5, (int) a.getAs("posts_in_window"));
    assertEquals(4, (int) a.getAs("rated_posts"));
    assertTrue((boolean) a.getAs("rated"));
    assertEquals(0.075, a.getAs("er_median"), EPS);
    assertEquals(0.0875, a.getAs("er_mean"), EPS);
    assertEquals(0.05, a.getAs("er_p25"), EPS);
    assertEquals(0.1125, a.getAs("er_p75"), EPS);
    assertEquals(0.0625, a.getAs("er_iqr"), EPS);
    assertEquals(0.2, a.getAs("views_er_median"), EPS);
    assertEquals(0.15, a.getAs("sponsored_er_median"), EPS);
    assertEquals(0.05, a.getAs("organic_er_median"), EPS);
    assertEquals(3.0, a.getAs("paid_post_performance"), EPS);
    assertEquals(0.2, a.getAs("sponsored_share"), EPS);
    assertEquals(36.0 / 635.0, a.getAs("comment_to_like_ratio"), EPS);
    assertEquals(5 / (90 / 7.0), a.getAs("posts_per_week"), EPS);
    assertEquals(1, (int) a.getAs("unmatched_posts"));
    assertEquals(0, (int) a.getAs("zero_follower_posts"));

    Row z = creator(job(Map.of()), "z", day(30));
    assertEquals(1, (int) z.getAs("posts_in_window"));
    assertEquals(0, (int) z.getAs("rated_posts"));
    assertEquals(1, (int) z.getAs("zero_follower_posts"));
    assertFalse((boolean) z.getAs("rated"));
    assertNull(z.getAs("er_median"));
    assertEquals("emerging", z.getAs("tier"));

    Row q = creator(job(Map.of()), "q", day(30));
    assertEquals(0, (int) q.getAs("posts_in_window"));
    assertEquals("macro", q.getAs("tier"));
  }

  /** What a post delivers in absolute numbers, and the vendor-comparable ER variants. */
  @Test
  void absoluteDeliverablesPerPostAndErVariants() {
    Row a = creator(job(Map.of()), "a", day(30));
    assertEquals(100.0, a.getAs("interactions_median"), EPS, "11, 100, 100, 200, 300: every post, matched or not");
    assertEquals(95.0, a.getAs("likes_median"), EPS);
    assertEquals(10.0, a.getAs("comments_median"), EPS);
    assertEquals(0.0, a.getAs("shares_median"), EPS, "a missing share count is 0");
    assertEquals(1000.0, a.getAs("views_median"), EPS, "only a5 reports views");
    assertEquals((0.05 + 0.1) / 2, a.getAs("er_likes_comments_median"), EPS,
        "(likes+comments)/followers of a1 0.1, a3 0.15, a4 0.05, a5 0.04; a5's shares and saves left out");

    Row z = creator(job(Map.of()), "z", day(30));
    assertEquals(6.0, z.getAs("interactions_median"), EPS, "counted even with 0 followers");
    assertNull(z.getAs("er_likes_comments_median"), "no ER on 0 followers");
    assertNull(z.getAs("views_median"));
    assertNull(creator(job(Map.of()), "q", day(30)).getAs("interactions_median"), "no posts, no deliverables");
  }

  @Test
  void windowMinimumPostsMatchDaysAndTierSchemeAreConfigurable() {
    EngagementJob narrow = job(Map.of(EngagementConfig.WINDOW_DAYS.name(), "10",
        EngagementConfig.MIN_POSTS.name(), "1", EngagementConfig.MATCH_AFTER_DAYS.name(), "10",
        EngagementConfig.TIERS.name(), "narrow"));
    Row a = creator(narrow, "a", day(30));
    assertEquals(1, (int) a.getAs("posts_in_window"), "only a5 is in the 10 days up to day 30");
    assertTrue((boolean) a.getAs("rated"));
    assertEquals(0.05, a.getAs("er_median"), EPS);
    assertEquals("mid", creator(narrow, "q", day(30)).getAs("tier"));

    EngagementJob lenient = job(Map.of(EngagementConfig.MATCH_AFTER_DAYS.name(), "10"));
    List<Row> matched = lenient.postEngagement(profilesFrame(), postsFrame(), day(12))
        .orderBy("post_id").select("post_id", "post_followers").collectAsList();
    assertEquals(List.of(RowFactory.create("a1", 1000L), RowFactory.create("a2", 1000L),
        RowFactory.create("a3", 2000L), RowFactory.create("z1", 0L)), matched,
        "with match_after_days = 10, a2 (9 days early) is matched; as of day 12 only snapshots up to day 12 count");
  }

  @Test
  void asOfDateHidesLaterSnapshots() {
    Row a = creator(job(Map.of()), "a", day(15));
    assertEquals("food", a.getAs("niche"));
    assertEquals(2000L, (long) a.getAs("followers"));
    assertEquals(4, (int) a.getAs("posts_in_window"));
  }

  /** The as-of join's frames share one ordering by day, so the creator table's plan has one window operator. */
  @Test
  void theAsOfJoinRunsInOneWindowOperator() {
    String plan = job(Map.of()).creatorEngagement(profilesFrame(), postsFrame(), day(30)).queryExecution()
        .executedPlan().treeString();
    assertEquals(1, plan.lines().filter(line -> line.contains("Window [")).count(), plan);
  }

  private Row creator(EngagementJob job, String id, LocalDate asOf) {
    return job.creatorEngagement(profilesFrame(), postsFrame(), asOf)
        .filter(org.apache.spark.sql.functions.col("creator_id").equalTo(id)).first();
  }
}
