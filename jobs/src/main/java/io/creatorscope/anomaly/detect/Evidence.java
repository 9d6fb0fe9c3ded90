package io.creatorscope.anomaly.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Column;

/**
 * The columns of a snapshot row that the detectors judge, named once: prepared by {@link EngagementEvidence},
 * {@link FollowerChanges}, the usual ER of {@link EngagementEvidence#withUsualEr} (on the rows that can be flagged)
 * and {@link RobustBaseline}, in that order. The public ones are also read by the job that assembles the detectors
 * and writes their flags.
 */
public final class Evidence {
  // FollowerChanges
  public static final String PREV_FOLLOWERS = "_prev_f";
  public static final String PREV_FOLLOWING = "_prev_following";
  static final String PREV_T = "_prev_t";
  static final String GAP = "_gap";
  public static final String JUMP = "_jump";
  public static final String JUMP_REL = "_jump_rel";
  public static final String REL_PER_DAY = "_rel_per_day";
  static final String PREV_REL = "_prev_rel";
  static final String NEXT_REL = "_next_rel";
  /** Relative gain since the snapshot before the rise window, and the days it spans. */
  public static final String RISE_REL = "_rise_rel";
  static final String RISE_DAYS = "_rise_days";
  public static final String RISE_GAIN = "_rise_gain";
  static final String FUTURE_MIN_FOLLOWERS = "_future_min_f";
  static final String FUTURE_MIN_FOLLOWING = "_future_min_following";
  // RobustBaseline
  static final String BASELINE_N = "_n";
  static final String MEDIAN = "_median";
  static final String SCALE = "_scale";
  /** Robust z of the day's change: against the creator's own history, or its peers' when that is too short. */
  public static final String Z = "_z";
  /** Whether Z comes from the peer baseline (platform x tier x day). */
  static final String PEER_BASELINE = "_peer_baseline";
  static final String SPREAD_Z = "_spread_z";
  static final String RISE_Z = "_rise_z";
  static final String PREV_RISE_Z = "_prev_rise_z";
  /** The largest own-baseline z in the rise window of a single change past the floors. */
  static final String MAX_Z_IN_RISE = "_max_z_in_rise";
  // EngagementEvidence
  static final String RECENT_ER = "_recent_er";
  static final String RECENT_INTERACTIONS = "_recent_interactions";
  static final String MEDIAN_LOG_ER = "_median_log_er";
  static final String MAD_LOG_ER = "_mad_log_er";
  public static final String SURGE_RATIO = "_engagement_change";
  static final String SURGE_Z = "_surge_z";
  static final String LOG_INTERACTIONS_BEFORE = "_log_inter_before";
  static final String LOG_INTERACTIONS_AFTER = "_log_inter_after";
  static final String POSTS_BEFORE = "_posts_before";
  static final String POSTS_AFTER = "_posts_after";

  private Evidence() {}

  static Column c(String name) {
    return col(name);
  }

  /** Median of a sorted array column (1-based element_at; the mean of the two middle values when n is even). */
  static Column medianOfSorted(String sorted) {
    // A column name, not an expression: the array is referenced four times and must be computed once.
    return expr("CASE WHEN size(" + sorted + ") = 0 THEN NULL ELSE (element_at(" + sorted + ", CAST(floor((size("
        + sorted + ") + 1) / 2.0) AS INT)) + element_at(" + sorted + ", CAST(ceil((size(" + sorted
        + ") + 1) / 2.0) AS INT))) / 2 END");
  }

  /** Sorted absolute deviations of a sorted array column from a median column (both column names). */
  static Column deviationsSorted(String sorted, String median) {
    // zip_with against the repeated median: the lambda refers only to its own arguments, so Spark cannot inline
    // the median's expression into it and re-evaluate it for every element.
    return expr("sort_array(zip_with(" + sorted + ", array_repeat(" + median + ", size(" + sorted + ")), "
        + "(x, m) -> abs(x - m)))");
  }
}
