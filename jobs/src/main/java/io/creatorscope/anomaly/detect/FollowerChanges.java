package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
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
  private static final String PREVIOUS_SNAPSHOT = "_previous_snapshot";

  private final int riseDays;
  private final int churnRevertDays;
  private final int maxGapDays;

  /**
   * @param maxGapDays the most days a snapshot may follow the previous one and still give a change: a change over
   *     a longer gap is neither judged nor in a baseline. A run reads a bounded span of snapshots, and whether a
   *     change over a longer gap had its previous snapshot in it would depend on the as-of date.
   */
  public FollowerChanges(int riseDays, int churnRevertDays, int maxGapDays) {
    if (riseDays < 2 || churnRevertDays < 1 || maxGapDays < 1) {
      throw new IllegalArgumentException("rise days >= 2, churn revert days >= 1 and max gap days >= 1, got "
          + riseDays + ", " + churnRevertDays + ", " + maxGapDays);
    }
    this.riseDays = riseDays;
    this.churnRevertDays = churnRevertDays;
    this.maxGapDays = maxGapDays;
  }

  /**
   * The relative change per day of each snapshot since the previous one ({@link Evidence#REL_PER_DAY}, with
   * {@link Evidence#PREV_FOLLOWERS}), alone: what the peer baseline compares, from bare snapshots.
   */
  public static Dataset<Row> daily(Dataset<Row> snapshots, int maxGapDays) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    return snapshots
        .withColumns(Map.of(Evidence.PREV_FOLLOWERS, previous(Columns.FOLLOWERS, byDay, maxGapDays),
            Evidence.PREV_T, previous(T, byDay, maxGapDays)))
        .withColumn(Evidence.REL_PER_DAY, relativeChangePerDay());
  }

  /** The previous snapshot's value of {@code column}; null when there is none in the last {@code maxGapDays}. */
  private static Column previous(String column, WindowSpec byDay, int maxGapDays) {
    return when(col(T).minus(lag(col(T), 1).over(byDay)).leq(maxGapDays), lag(col(column), 1).over(byDay));
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

  /**
   * The changes of each row of {@code snapshots}, a creator's snapshots alone: {@link #previousSnapshot} and then
   * {@link #fromPrevious}.
   */
  public Dataset<Row> prepare(Dataset<Row> snapshots) {
    return fromPrevious(snapshots.withColumns(previousSnapshot(lit(true))), Map.of());
  }

  /**
   * A window column that gives each snapshot row the previous snapshot (its day, followers and following): the
   * latest of an earlier day. The rows may be the creator's stream of snapshots and posts ({@code isSnapshot} tells
   * them apart; a creator has one snapshot a day): computed there, it shares the window operator of the stream's
   * engagement evidence instead of taking one of its own over the snapshots after it.
   */
  public Map<String, Column> previousSnapshot(Column isSnapshot) {
    WindowSpec earlierDays = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T))
        .rangeBetween(Window.unboundedPreceding(), -1);
    return Map.of(PREVIOUS_SNAPSHOT, last(when(isSnapshot, struct(col(T).as("t"),
        col(Columns.FOLLOWERS).as("followers"), col(Columns.FOLLOWING).as("following"))), true).over(earlierDays));
  }

  /**
   * The changes of snapshot rows that carry their {@link #previousSnapshot}, with more window columns over the
   * changes ({@code alongside}, ordered by the day number too) computed in the same window operator.
   */
  public Dataset<Row> fromPrevious(Dataset<Row> snapshots, Map<String, Column> alongside) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    Column previous = col(PREVIOUS_SNAPSHOT);
    Column inGap = col(T).minus(previous.getField("t")).leq(maxGapDays);
    Dataset<Row> changes = snapshots
        .withColumn(Evidence.PREV_FOLLOWERS, when(inGap, previous.getField("followers")))
        .withColumn(Evidence.PREV_FOLLOWING, when(inGap, previous.getField("following")))
        .withColumn(Evidence.PREV_T, when(inGap, previous.getField("t")))
        .drop(PREVIOUS_SNAPSHOT)
        .withColumn(Evidence.GAP, col(T).minus(c(Evidence.PREV_T)))
        .withColumn(Evidence.JUMP, col(Columns.FOLLOWERS).minus(c(Evidence.PREV_FOLLOWERS)))
        .withColumn(Evidence.JUMP_REL, relativeChange())
        .withColumn(Evidence.REL_PER_DAY, relativeChangePerDay());
    Map<String, Column> around = new LinkedHashMap<>();
    around.put(Evidence.FUTURE_MIN_FOLLOWERS, min(col(Columns.FOLLOWERS))
        .over(byDay.rangeBetween(DECAY_FROM_DAYS, DECAY_TO_DAYS)));
    around.put(Evidence.FUTURE_MIN_FOLLOWING, min(col(Columns.FOLLOWING))
        .over(byDay.rangeBetween(1, churnRevertDays)));
    WindowSpec riseWindow = byDay.rangeBetween(-(riseDays - 1L), 0);
    // The change just before, when it started within the max gap: an older start may be before the days a run
    // reads.
    around.put(Evidence.PREV_REL, when(lag(c(Evidence.PREV_T), 1).over(byDay).geq(col(T).minus(maxGapDays)),
        lag(c(Evidence.REL_PER_DAY), 1).over(byDay)));
    // The change just after is seen within the days a flag waits for (the decay's): one after a longer gap does not
    // tell whether this one spread, and would change a day's flag after it is final.
    around.put(Evidence.NEXT_REL, when(lead(col(T), 1).over(byDay).minus(col(T)).leq(DECAY_TO_DAYS),
        lead(c(Evidence.REL_PER_DAY), 1).over(byDay)));
    around.put("_rise_from_f", first(c(Evidence.PREV_FOLLOWERS)).over(riseWindow));
    around.put("_rise_from_t", first(c(Evidence.PREV_T)).over(riseWindow));
    around.putAll(alongside);
    return changes.withColumns(around)
        .withColumn(Evidence.RISE_GAIN, col(Columns.FOLLOWERS).minus(col("_rise_from_f")))
        .withColumn(Evidence.RISE_REL, when(col("_rise_from_f").gt(0),
            c(Evidence.RISE_GAIN).divide(col("_rise_from_f"))))
        .withColumn(Evidence.RISE_DAYS, col(T).minus(col("_rise_from_t")))
        .drop("_rise_from_f", "_rise_from_t");
  }
}
