package io.creatorscope.anomaly.detect;

import static io.creatorscope.testing.CuratedSchemas.POSTS;
import static io.creatorscope.testing.CuratedSchemas.PROFILES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * One creator of a steady 10,000 followers posting daily: 3% ER for 40 days, then 1% (as when bought followers
 * dilute it). The usual ER of a day is taken from its posts of the 30 days before it and the 14 after it.
 */
class EngagementEvidenceTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 9, 1);
  private static final int DAYS = 80;
  private static final int JUDGED = 45;

  /** The usual ER, its MAD and the surge's ratio to it on {@code day}, with the data up to {@code asOfDay}. */
  private Row judged(int asOfDay, int day, Column needed) {
    List<Row> profiles = new ArrayList<>();
    List<Row> posts = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      profiles.add(RowFactory.create("c", START.plusDays(d), 10_000L, 300L, "@c", "instagram", "fitness", "DE"));
      posts.add(RowFactory.create("c-" + d, "c", START.plusDays(d).atTime(9, 0).toInstant(ZoneOffset.UTC),
          d < 40 ? 300L : 100L, 0L, null, null, null, false));
    }
    LocalDate asOf = START.plusDays(asOfDay);
    Dataset<Row> stream = CreatorTimeline.of(spark.createDataFrame(profiles, PROFILES),
        spark.createDataFrame(posts, POSTS), new CreatorTimeline.Span(asOf, null, START), EngagementConfig.defaults())
        .rows();
    EngagementEvidence evidence = new EngagementEvidence(3, 14, 30);
    return evidence.withUsualEr(evidence.prepare(stream), needed)
        .filter(col(CreatorTimeline.DAY).equalTo(lit(START.plusDays(day))))
        .select(Evidence.MEDIAN_LOG_ER, Evidence.MAD_LOG_ER, Evidence.SURGE_RATIO)
        .collectAsList().get(0);
  }

  @Test
  void theUsualErIsThePostsAroundTheDayWhateverCameLater() {
    // Days 15-59: 25 posts at 3%, 20 at 1%. The whole span of the last as-of date is half and half.
    Row last = judged(DAYS - 1, JUDGED, lit(true));
    assertEquals(Math.log(0.03), last.getDouble(0), 1e-12);
    assertEquals(0.0, last.getDouble(1), 1e-12);
    // The best post of the 3 days before is at 1%: a third of the usual.
    assertEquals(1.0 / 3, last.getDouble(2), 1e-12);
    assertEquals(last, judged(JUDGED + 14, JUDGED, lit(true)));
  }

  @Test
  void theDaysAfterCountToo() {
    // Days 22-66: 18 posts at 3%, 27 at 1% (of the 30 days before day 52 alone, 18 and 12).
    assertEquals(Math.log(0.01), judged(DAYS - 1, 52, lit(true)).getDouble(0), 1e-12);
  }

  @Test
  void onlyTheRowsThatNeedItSortTheirPosts() {
    Row skipped = judged(DAYS - 1, JUDGED, lit(false));
    assertTrue(skipped.isNullAt(0) && skipped.isNullAt(1) && skipped.isNullAt(2));
  }

  /**
   * The dilution evidence of {@code day}: the posts and their mean log interactions in the 14 days before the 3-day
   * surge window and in the 14 after the day, from a stream read from {@code from}. Posts every third day, each with
   * its own interactions (100 + 7 x day).
   */
  private Row dilution(LocalDate from, int day) {
    List<Row> profiles = new ArrayList<>();
    List<Row> posts = new ArrayList<>();
    for (int d = 0; d < 60; d++) {
      profiles.add(RowFactory.create("c", START.plusDays(d), 10_000L, 300L, "@c", "instagram", "fitness", "DE"));
      if (d % 3 == 0) {
        posts.add(RowFactory.create("c-" + d, "c", START.plusDays(d).atTime(9, 0).toInstant(ZoneOffset.UTC),
            100L + 7L * d, 0L, null, null, null, false));
      }
    }
    Dataset<Row> stream = CreatorTimeline.of(spark.createDataFrame(profiles, PROFILES),
        spark.createDataFrame(posts, POSTS), new CreatorTimeline.Span(START.plusDays(59), from, from),
        EngagementConfig.defaults()).rows();
    return new EngagementEvidence(3, 14, 30).prepare(stream)
        .filter(col(CreatorTimeline.DAY).equalTo(lit(START.plusDays(day))))
        .select(Evidence.POSTS_BEFORE, Evidence.LOG_INTERACTIONS_BEFORE, Evidence.POSTS_AFTER,
            Evidence.LOG_INTERACTIONS_AFTER)
        .collectAsList().get(0);
  }

  private static double meanLogInteractions(int... days) {
    double sum = 0;
    for (int d : days) {
      sum += Math.log(100 + 7 * d);
    }
    return sum / days.length;
  }

  @Test
  void theDilutionWindowsAreTheDaysBeforeTheSurgeAndAfterTheDay() {
    // Day 40: before is days 23-36 (posts on 24, 27, 30, 33, 36), after is days 41-54 (42, 45, 48, 51, 54).
    Row day40 = dilution(START, 40);
    assertEquals(5L, day40.getLong(0));
    assertEquals(meanLogInteractions(24, 27, 30, 33, 36), day40.getDouble(1), 1e-8);
    assertEquals(5L, day40.getLong(2));
    assertEquals(meanLogInteractions(42, 45, 48, 51, 54), day40.getDouble(3), 1e-8);
    // Day 2: nothing before the stream's first day; day 57: the post of day 57 is the day's own, not after it.
    Row day2 = dilution(START, 2);
    assertEquals(0L, day2.getLong(0));
    assertTrue(day2.isNullAt(1));
    Row day57 = dilution(START, 57);
    assertEquals(0L, day57.getLong(2));
    assertTrue(day57.isNullAt(3));
    // Read from day 20 instead of day 0 (a daily run's span), the same values to the bit.
    assertEquals(day40, dilution(START.plusDays(20), 40));
  }

  @Test
  void daysMustBePositive() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new EngagementEvidence(3, 14, 0));
  }
}
