package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
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
 * Engagement around each snapshot, from the creator's stream of snapshots and posts: the best post in the
 * {@code surgeDays} before it (a viral post comes first, then the followers) with its interactions, the creator's
 * median and MAD of log ER (once per creator), and the mean log interactions of the posts in the
 * {@code dilutionDays} before the surge window and after the snapshot (bought followers never engage, so a
 * purchase leaves interactions where they were). Keeps the snapshot rows only.
 */
public final class EngagementEvidence {
  /** Floor of the post-to-post scale of log ER (a creator whose posts all do the same keeps a finite z). */
  public static final double MIN_LOG_ER_SCALE = 0.1;
  static final String T = CreatorTimeline.DAY_NUMBER;

  private final int surgeDays;
  private final int dilutionDays;

  public EngagementEvidence(int surgeDays, int dilutionDays) {
    if (surgeDays < 0 || dilutionDays < 1) {
      throw new IllegalArgumentException("surge days >= 0 and dilution days >= 1, got " + surgeDays + ", "
          + dilutionDays);
    }
    this.surgeDays = surgeDays;
    this.dilutionDays = dilutionDays;
  }

  public Dataset<Row> prepare(Dataset<Row> stream) {
    Column isPost = CreatorTimeline.isPost();
    Column isSnapshot = CreatorTimeline.isSnapshot();
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    WindowSpec wholeHistory = byDay.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    WindowSpec recent = byDay.rangeBetween(-surgeDays, -1);
    Column logInteractions = when(isPost.and(col(CreatorTimeline.INTERACTIONS).gt(0)),
        log(col(CreatorTimeline.INTERACTIONS)));
    // The median and MAD of log ER are computed once per creator, on its first snapshot row, from the list of its
    // posts' log ER, then carried to its other rows.
    Column logEr = when(isPost.and(col(CreatorTimeline.ER).gt(0)), log(col(CreatorTimeline.ER)));
    Column firstSnapshot = isSnapshot.and(col("_snapshot_no").equalTo(1));
    Map<String, Column> windows = new LinkedHashMap<>();
    windows.put(Evidence.RECENT_ER, max(when(isPost, col(CreatorTimeline.ER))).over(recent));
    // The interactions of that same post (the highest ER), not the window's largest count: the reach a surge
    // explains is its post's interactions above what the creator's usual ER gives (ViralPost.extraInteractions).
    windows.put(Evidence.RECENT_INTERACTIONS, max_by(when(isPost, col(CreatorTimeline.INTERACTIONS)),
        when(isPost, col(CreatorTimeline.ER))).over(recent));
    windows.put("_log_ers", collect_list(logEr).over(wholeHistory));
    windows.put("_snapshot_no", sum(when(isSnapshot, 1).otherwise(0))
        .over(byDay.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    WindowSpec before = byDay.rangeBetween(-surgeDays - dilutionDays, -surgeDays - 1L);
    WindowSpec after = byDay.rangeBetween(1, dilutionDays);
    windows.put(Evidence.LOG_INTERACTIONS_BEFORE, avg(logInteractions).over(before));
    windows.put(Evidence.POSTS_BEFORE, count(logInteractions).over(before));
    windows.put(Evidence.LOG_INTERACTIONS_AFTER, avg(logInteractions).over(after));
    windows.put(Evidence.POSTS_AFTER, count(logInteractions).over(after));
    return stream
        .withColumns(windows)
        .withColumn("_sorted_log_ers", when(firstSnapshot, sort_array(col("_log_ers"))))
        .withColumn("_creator_median_log_er", Evidence.medianOfSorted("_sorted_log_ers"))
        .withColumn("_log_er_devs", Evidence.deviationsSorted("_sorted_log_ers", "_creator_median_log_er"))
        .withColumn("_creator_mad_log_er", Evidence.medianOfSorted("_log_er_devs"))
        .filter(isSnapshot)
        .select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(Columns.NICHE), col(Columns.FOLLOWERS),
            col(Columns.FOLLOWING), col(CreatorTimeline.DAY), col(T), c(Evidence.RECENT_ER),
            c(Evidence.RECENT_INTERACTIONS), c(Evidence.LOG_INTERACTIONS_BEFORE), c(Evidence.POSTS_BEFORE),
            c(Evidence.LOG_INTERACTIONS_AFTER), c(Evidence.POSTS_AFTER),
            first(col("_creator_median_log_er"), true).over(wholeHistory).as(Evidence.MEDIAN_LOG_ER),
            first(col("_creator_mad_log_er"), true).over(wholeHistory).as(Evidence.MAD_LOG_ER))
        .withColumn(Evidence.SURGE_RATIO, c(Evidence.RECENT_ER).divide(exp(c(Evidence.MEDIAN_LOG_ER))))
        .withColumn(Evidence.SURGE_Z, when(c(Evidence.RECENT_ER).gt(0), log(c(Evidence.RECENT_ER))
            .minus(c(Evidence.MEDIAN_LOG_ER)).divide(logErScale())));
  }

  /** The creator's post-to-post scale of log ER (1.4826 x MAD, floored). */
  static Column logErScale() {
    return greatest(c(Evidence.MAD_LOG_ER).multiply(1.4826), lit(MIN_LOG_ER_SCALE));
  }
}
