package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.engagement.CreatorTimeline;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The follower and following changes of each snapshot row: since the previous snapshot (per day when days are
 * missing), since the snapshot before the last {@code riseDays} days (a purchase drip-fed over several days is
 * one rise), and the lowest counts ahead (the decay of bought followers, the fall back of follow churn).
 */
public final class FollowerChanges {
  /** Bought followers are typically removed 1-3 weeks later: where the decay is measured. */
  public static final int DECAY_FROM_DAYS = 7;
  public static final int DECAY_TO_DAYS = 21;
  static final String T = CreatorTimeline.DAY_NUMBER;

  private final int riseDays;
  private final int churnRevertDays;

  public FollowerChanges(int riseDays, int churnRevertDays) {
    if (riseDays < 2 || churnRevertDays < 1) {
      throw new IllegalArgumentException("rise days >= 2 and churn revert days >= 1, got " + riseDays + ", "
          + churnRevertDays);
    }
    this.riseDays = riseDays;
    this.churnRevertDays = churnRevertDays;
  }

  /**
   * The relative change per day of each snapshot since the previous one ({@link Evidence#REL_PER_DAY}, with
   * {@link Evidence#PREV_FOLLOWERS}), alone: what the peer baseline compares, from bare snapshots.
   */
  public static Dataset<Row> daily(Dataset<Row> snapshots) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    return snapshots
        .withColumns(Map.of(Evidence.PREV_FOLLOWERS, lag(col(Columns.FOLLOWERS), 1).over(byDay),
            Evidence.PREV_T, lag(col(T), 1).over(byDay)))
        .withColumn(Evidence.REL_PER_DAY, relativeChangePerDay());
  }

  /**
   * The relative follower change since the previous snapshot, per day of the gap between them (null without a
   * previous count above zero): the quantity the baselines, own and peer, are robust statistics of.
   */
  private static Column relativeChangePerDay() {
    return relativeChange().divide(col(T).minus(c(Evidence.PREV_T)));
  }

  private static Column relativeChange() {
    return when(c(Evidence.PREV_FOLLOWERS).gt(0),
        col(Columns.FOLLOWERS).minus(c(Evidence.PREV_FOLLOWERS)).divide(c(Evidence.PREV_FOLLOWERS)));
  }

  public Dataset<Row> prepare(Dataset<Row> snapshots) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    Map<String, Column> previous = new LinkedHashMap<>();
    previous.put(Evidence.PREV_FOLLOWERS, lag(col(Columns.FOLLOWERS), 1).over(byDay));
    previous.put(Evidence.PREV_FOLLOWING, lag(col(Columns.FOLLOWING), 1).over(byDay));
    previous.put(Evidence.PREV_T, lag(col(T), 1).over(byDay));
    previous.put(Evidence.FUTURE_MIN_FOLLOWERS, min(col(Columns.FOLLOWERS))
        .over(byDay.rangeBetween(DECAY_FROM_DAYS, DECAY_TO_DAYS)));
    previous.put(Evidence.FUTURE_MIN_FOLLOWING, min(col(Columns.FOLLOWING))
        .over(byDay.rangeBetween(1, churnRevertDays)));
    WindowSpec riseWindow = byDay.rangeBetween(-(riseDays - 1L), 0);
    Dataset<Row> changes = snapshots.withColumns(previous)
        .withColumn(Evidence.GAP, col(T).minus(c(Evidence.PREV_T)))
        .withColumn(Evidence.JUMP, col(Columns.FOLLOWERS).minus(c(Evidence.PREV_FOLLOWERS)))
        .withColumn(Evidence.JUMP_REL, relativeChange())
        .withColumn(Evidence.REL_PER_DAY, relativeChangePerDay());
    Map<String, Column> around = new LinkedHashMap<>();
    around.put(Evidence.PREV_REL, lag(c(Evidence.REL_PER_DAY), 1).over(byDay));
    around.put(Evidence.NEXT_REL, lead(c(Evidence.REL_PER_DAY), 1).over(byDay));
    around.put("_rise_from_f", first(c(Evidence.PREV_FOLLOWERS)).over(riseWindow));
    around.put("_rise_from_t", first(c(Evidence.PREV_T)).over(riseWindow));
    return changes.withColumns(around)
        .withColumn(Evidence.RISE_GAIN, col(Columns.FOLLOWERS).minus(col("_rise_from_f")))
        .withColumn(Evidence.RISE_REL, when(col("_rise_from_f").gt(0),
            c(Evidence.RISE_GAIN).divide(col("_rise_from_f"))))
        .withColumn(Evidence.RISE_DAYS, col(T).minus(col("_rise_from_t")))
        .drop("_rise_from_f", "_rise_from_t");
  }
}
