package io.creatorscope.anomaly.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.creatorscope.common.Columns;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.testing.CuratedSchemas;
import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Changes and baselines bounded by days: what a day's flags read does not depend on how far back a run reads
 * snapshots (the bounds that let a day's flags be final, see GrowthAnomalyJob.settledAfterDays).
 */
class FollowerChangesTest extends SparkTestBase {
  private static final StructType SNAPSHOTS = new StructType()
      .add(Columns.CREATOR_ID, DataTypes.StringType).add(Columns.PLATFORM, DataTypes.StringType)
      .add(Columns.FOLLOWERS, DataTypes.LongType).add(Columns.FOLLOWING, DataTypes.LongType)
      .add(CreatorTimeline.DAY_NUMBER, DataTypes.IntegerType);

  private Dataset<Row> snapshots(int[] days, long[] followers) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      rows.add(RowFactory.create("c", "instagram", followers[i], 300L, days[i]));
    }
    return spark.createDataFrame(rows, SNAPSHOTS);
  }

  @Test
  void aChangeOverMoreThanTheMaxGapIsNoneAndTheNextIsSeenWithinTheDecaysDays() {
    Dataset<Row> snapshots = snapshots(new int[] {-100, -30, -29, -5, 0}, new long[] {1000, 2000, 2100, 2200, 2310});
    List<Row> rows = new FollowerChanges(7, 10, 61).prepare(snapshots)
        .select(col(CreatorTimeline.DAY_NUMBER), col(Evidence.PREV_FOLLOWERS), col(Evidence.NEXT_REL))
        .orderBy(CreatorTimeline.DAY_NUMBER).collectAsList();
    // Day -30 follows day -100 by 70 days: no change. Day -29's next snapshot is 24 days later: not its neighbour.
    assertNull(rows.get(1).get(1));
    assertEquals(0.05, rows.get(1).getDouble(2), 1e-12);
    assertEquals(2000L, rows.get(2).getLong(1));
    assertNull(rows.get(2).get(2));
    assertEquals(2100L, rows.get(3).getLong(1));
    assertEquals(110.0 / 2200 / 5, rows.get(3).getDouble(2), 1e-12);
    assertNull(FollowerChanges.daily(snapshots, 61).filter(col(CreatorTimeline.DAY_NUMBER).equalTo(-30))
        .first().getAs(Evidence.REL_PER_DAY));
  }

  @Test
  void theChangeJustBeforeCountsWhenItStartedWithinTheMaxGap() {
    // Day -60's change started on day -100, more than 61 days before day -30: not day -30's previous change.
    List<Row> rows = new FollowerChanges(7, 10, 61)
        .prepare(snapshots(new int[] {-100, -60, -30}, new long[] {1000, 1400, 1500}))
        .select(col(CreatorTimeline.DAY_NUMBER), col(Evidence.REL_PER_DAY), col(Evidence.PREV_REL))
        .orderBy(CreatorTimeline.DAY_NUMBER).collectAsList();
    assertEquals(0.01, rows.get(1).getDouble(1), 1e-12);
    assertNull(rows.get(2).get(2));
  }

  @Test
  void aBaselineHoldsTheChangesOfItsDaysOnly() {
    // Daily snapshots from day -99, none on days -80 to -71: day -15's 60 days hold 54 changes (day -70's spans the
    // gap back to day -81, outside them), day 0's all 60.
    List<Integer> days = new ArrayList<>();
    for (int d = -99; d <= 0; d++) {
      if (d < -80 || d > -71) {
        days.add(d);
      }
    }
    long[] followers = new long[days.size()];
    for (int i = 0; i < followers.length; i++) {
      followers[i] = 10_000 + 10L * days.get(i) + (i % 2) * 5;
    }
    Dataset<Row> changes = new FollowerChanges(7, 10, 61)
        .prepare(snapshots(days.stream().mapToInt(Integer::intValue).toArray(), followers))
        .withColumn(Columns.TIER, lit("micro"));
    List<Row> n = new RobustBaseline(60, 10, 0.0005, 7).prepare(changes, changes, lit(true), lit(true))
        .filter(col(CreatorTimeline.DAY_NUMBER).isin(-15, 0))
        .select(col(CreatorTimeline.DAY_NUMBER), col(Evidence.BASELINE_N))
        .orderBy(CreatorTimeline.DAY_NUMBER).collectAsList();
    assertEquals(54, n.get(0).getInt(1));
    assertEquals(60, n.get(1).getInt(1));
  }

  @Test
  void thePreviousSnapshotTakenOverTheStreamWithItsPostsIsThatOfTheSnapshotsAlone() {
    // Snapshots with a gap longer than the max gap (days -100 to -30) and a day without one (-20); posts on days
    // with a snapshot, without one, and several on one day.
    LocalDate asOf = LocalDate.of(2026, 12, 1);
    int[] days = {-100, -30, -29, -21, -19, -5, 0};
    long[] followers = {1000, 2000, 2100, 2050, 2200, 2300, 2310};
    List<Row> profiles = new ArrayList<>();
    for (int i = 0; i < days.length; i++) {
      profiles.add(RowFactory.create("c", asOf.plusDays(days[i]), followers[i], 300L + i, "@c", "instagram",
          "fitness", "DE"));
    }
    List<Row> posts = new ArrayList<>();
    int[] postDays = {-99, -30, -25, -20, -20, -20, -19, -1};
    for (int i = 0; i < postDays.length; i++) {
      posts.add(RowFactory.create("p" + i, "c", asOf.plusDays(postDays[i]).atTime(9, 0).toInstant(ZoneOffset.UTC),
          100L, 10L, null, null, null, false));
    }
    Dataset<Row> stream = CreatorTimeline.of(spark.createDataFrame(profiles, CuratedSchemas.PROFILES),
        spark.createDataFrame(posts, CuratedSchemas.POSTS), new CreatorTimeline.Span(asOf, null,
            asOf.minusDays(120)), EngagementConfig.defaults()).rows();
    FollowerChanges changes = new FollowerChanges(7, 10, 61);
    Dataset<Row> overStream = changes.fromPrevious(new EngagementEvidence(3, 14, 30)
        .prepare(stream, changes.previousSnapshot(CreatorTimeline.isSnapshot()), lit(true)), Map.of());
    Dataset<Row> alone = changes.prepare(stream.filter(CreatorTimeline.isSnapshot()).select(
        col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.FOLLOWERS), col(Columns.FOLLOWING),
        col(CreatorTimeline.DAY_NUMBER)));
    Column[] compared = {col(CreatorTimeline.DAY_NUMBER), col(Evidence.PREV_FOLLOWERS),
        col(Evidence.PREV_FOLLOWING), col(Evidence.PREV_T), col(Evidence.REL_PER_DAY), col(Evidence.PREV_REL),
        col(Evidence.NEXT_REL), col(Evidence.RISE_GAIN), col(Evidence.FUTURE_MIN_FOLLOWERS)};
    List<Row> expected = alone.select(compared).orderBy(CreatorTimeline.DAY_NUMBER).collectAsList();
    assertEquals(expected, overStream.select(compared).orderBy(CreatorTimeline.DAY_NUMBER).collectAsList());
    assertEquals(days.length, expected.size());
    assertNull(expected.get(1).get(1));
    assertEquals(2100L, expected.get(3).getLong(1));
    assertEquals(2050L, expected.get(4).getLong(1));
  }
}
