package io.creatorscope.engagement;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Settings;
import io.creatorscope.testing.CuratedSchemas;
import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The stream of snapshots and posts, its as-of join and its spans, on a few hand-made rows. */
class CreatorTimelineTest extends SparkTestBase {
  /**
   * A 5-day window, a post's followers from a snapshot at most 5 days before it, or else at most 2 days after it.
   */
  private static final EngagementConfig CONFIG = EngagementConfig.from(Settings.of(Map.of(
      EngagementConfig.WINDOW_DAYS.name(), "5", EngagementConfig.MATCH_BEFORE_DAYS.name(), "5",
      EngagementConfig.MATCH_AFTER_DAYS.name(), "2"), EngagementConfig.KEYS));

  private final List<Row> profiles = new ArrayList<>();
  private final List<Row> posts = new ArrayList<>();

  private void snapshot(String creator, int day, long followers) {
    profiles.add(RowFactory.create(creator, day(day), followers, 10L, "@" + creator, "instagram", "food", "DE"));
  }

  private void post(String id, String creator, int day, long likes, long comments) {
    posts.add(RowFactory.create(id, creator, noon(day), likes, comments, null, null, null, false));
  }

  private CreatorTimeline timeline(CreatorTimeline.Span span) {
    return CreatorTimeline.of(spark.createDataFrame(profiles, CuratedSchemas.PROFILES),
        spark.createDataFrame(posts, CuratedSchemas.POSTS), span, CONFIG);
  }

  /** post_id -> post_followers of the posts of {@code rows}. */
  private static List<Row> followers(Dataset<Row> rows) {
    return rows.filter(CreatorTimeline.isPost()).orderBy("post_id")
        .select(col("post_id"), col(CreatorTimeline.POST_FOLLOWERS)).collectAsList();
  }

  @Test
  void aPostTakesTheLatestSnapshotOnOrBeforeItsDayElseTheFirstWithinMatchAfterDays() {
    snapshot("a", 22, 1000);
    snapshot("a", 24, 2000);
    post("p1", "a", 20, 1, 0);   // 2 days before the first snapshot: the first snapshot
    post("p2", "a", 24, 1, 0);   // the same day as a snapshot: that snapshot
    post("p3", "a", 25, 1, 0);   // after the last: the last
    post("p4", "a", 19, 1, 0);   // 3 days before the first: unmatched, but outside the window anyway
    snapshot("b", 23, 500);
    post("q1", "b", 20, 1, 0);   // 3 days before b's only snapshot: unmatched
    CreatorTimeline t = timeline(new CreatorTimeline.Span(day(25), null, day(20)));
    assertEquals(List.of(RowFactory.create("p1", 1000L), RowFactory.create("p2", 2000L),
        RowFactory.create("p3", 2000L), RowFactory.create("q1", null)), followers(t.rows()),
        "p4 (day 19) is before the posts' span");
    Row q1 = t.rows().filter(col("post_id").equalTo("q1")).select(CreatorTimeline.MATCHED, CreatorTimeline.ER)
        .first();
    assertFalse(q1.getBoolean(0));
    assertTrue(q1.isNullAt(1));
  }

  @Test
  void interactionsAndRatesFollowOneDefinition() {
    snapshot("a", 20, 400);
    posts.add(RowFactory.create("p1", "a", noon(21), 30L, 10L, 5L, null, 200L, true));
    Row p = timeline(CreatorTimeline.engagementSpan(CONFIG, day(22))).rows().filter(CreatorTimeline.isPost())
        .select(CreatorTimeline.INTERACTIONS, CreatorTimeline.ER, CreatorTimeline.LIKES_COMMENTS_ER,
            CreatorTimeline.VIEWS_ER).first();
    assertEquals(45L, p.getLong(0), "likes + comments + shares, a missing saves count 0");
    assertEquals(45.0 / 400, p.getDouble(1), 1e-12);
    assertEquals(40.0 / 400, p.getDouble(2), 1e-12);
    assertEquals(45.0 / 200, p.getDouble(3), 1e-12);
    assertEquals(0.25, CreatorTimeline.rate(100.0, 400L), 1e-12);
    assertNull(CreatorTimeline.rate(100.0, 0L), "no rate on 0 followers");
  }

  @Test
  void aPostTakesNoSnapshotOlderThanMatchBeforeDaysWhateverElseTheStreamHolds() {
    // As of day 30 with a 5-day window the engagement job reads posts from day 26 and snapshots from day 21.
    snapshot("a", 15, 800);
    post("p1", "a", 27, 8, 0);   // a's snapshot is 12 days before: unmatched
    snapshot("b", 22, 900);
    post("q1", "b", 27, 9, 0);   // 5 days before: matched
    CreatorTimeline.Span engagement = CreatorTimeline.engagementSpan(CONFIG, day(30));
    assertEquals(new CreatorTimeline.Span(day(30), day(21), day(26)), engagement);
    // A longer history (an anomaly job's) puts a's day-15 snapshot and a day-18 post in the stream too.
    post("old", "a", 18, 8, 0);  // 3 days after a's snapshot: matched
    CreatorTimeline wide = timeline(engagement.union(new CreatorTimeline.Span(day(30), day(10), day(16))));
    assertEquals(List.of(RowFactory.create("old", 800L), RowFactory.create("p1", null),
        RowFactory.create("q1", 900L)), followers(wide.rows()),
        "p1's only earlier snapshot is in the stream, but 12 days before it");
    assertEquals(followers(timeline(engagement).rows()), followers(wide.rows(engagement)),
        "the window's posts get the same followers from either stream");
    assertEquals(new CreatorTimeline.Span(day(30), day(11), day(16)),
        CreatorTimeline.postsFrom(CONFIG, day(30), day(16)), "posts from day 16 need snapshots from day 11");
  }

  @Test
  void rowsOfASpanKeepItsSnapshotsAndPostsOnly() {
    snapshot("a", 10, 100);
    snapshot("a", 20, 200);
    post("p1", "a", 12, 1, 0);
    post("p2", "a", 21, 1, 0);
    CreatorTimeline t = timeline(new CreatorTimeline.Span(day(25), day(5), day(11)));
    List<Row> rows = t.rows(new CreatorTimeline.Span(day(25), day(15), day(20))).orderBy(CreatorTimeline.DAY_NUMBER)
        .select(col(CreatorTimeline.DAY), col("post_id")).collectAsList();
    assertEquals(List.of(RowFactory.create(day(20), null), RowFactory.create(day(21), "p2")), rows);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.rows(new CreatorTimeline.Span(day(25), day(1), day(11))));
    assertTrue(e.getMessage().contains("the timeline holds"), e.getMessage());
    // The bare posts of a span: its posts only, with the columns as given.
    Dataset<Row> bare = t.posts(new CreatorTimeline.Span(day(25), day(15), day(20)));
    assertEquals(List.of(RowFactory.create("p2", 1L)), bare.select(col("post_id"), col("likes")).collectAsList());
    assertTrue(List.of(bare.columns()).contains("saves"), String.join(",", bare.columns()));
    assertThrows(IllegalArgumentException.class, () -> t.posts(new CreatorTimeline.Span(day(25), day(5), day(1))));
  }

  @Test
  void spansUniteAndCover() {
    CreatorTimeline.Span a = new CreatorTimeline.Span(day(30), day(10), day(20));
    CreatorTimeline.Span b = new CreatorTimeline.Span(day(30), day(15), day(12));
    CreatorTimeline.Span both = a.union(b);
    assertEquals(new CreatorTimeline.Span(day(30), day(10), day(12)), both);
    assertTrue(both.covers(a) && both.covers(b));
    assertFalse(a.covers(b), "b's posts start earlier");
    assertTrue(new CreatorTimeline.Span(day(30), null, day(12)).covers(a), "null: every snapshot");
    assertFalse(a.covers(new CreatorTimeline.Span(day(30), null, day(20))));
    assertFalse(a.covers(new CreatorTimeline.Span(day(29), day(10), day(20))), "another as-of date");
    assertThrows(IllegalArgumentException.class, () -> a.union(new CreatorTimeline.Span(day(29), day(10), day(20))));
  }
}
