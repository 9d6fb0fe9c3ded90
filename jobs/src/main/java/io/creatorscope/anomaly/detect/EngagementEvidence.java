package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.engagement.CreatorTimeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Engagement around each snapshot, from the creator's stream of snapshots and posts: the best post in the
 * {@code surgeDays} before it (a viral post comes first, then the followers) with its interactions, the creator's
 * usual engagement around it (median and MAD of log ER of its posts from {@code usualErDays} before the snapshot
 * to {@code dilutionDays} after it), and the mean log interactions of the posts in the {@code dilutionDays} before
 * the surge window and after the snapshot (bought followers never engage, so a purchase leaves interactions where
 * they were). Keeps the snapshot rows only.
 *
 * <p>The usual ER is a window of each snapshot, not the creator's whole span: a day's evidence then depends on the
 * posts around that day only, whatever as-of date judges it, and is final once the days after it are seen (the
 * flags wait longer for the decay anyway). The days after count because a new creator's first posts, or a rare
 * poster's, may be the viral post itself: with the posts before the snapshot only, the surge was its own usual
 * and explained nothing (on generated seeds 1-5, 2.5-6.1% of organic spikes reported suspicious, against 1.3-4.1%).
 */
public final class EngagementEvidence {
  /** Floor of the post-to-post scale of log ER (a creator whose posts all do the same keeps a finite z). */
  public static final double MIN_LOG_ER_SCALE = 0.1;
  static final String T = CreatorTimeline.DAY_NUMBER;
  private static final String LOG_ERS = "_log_ers";
  private static final String USUAL_FROM = "_usual_er_from";
  private static final String USUAL_POSTS = "_usual_er_posts";
  /** Running counts and totals up to a day relative to the row's, named with that day. */
  private static final String RUNNING_POSTS = "_running_posts_";
  private static final String RUNNING_NANO_LOG_INTERACTIONS = "_running_nano_log_interactions_";
  /** Log interactions are totalled in whole units of 1e-9: exact sums of longs (a post's log is below 50). */
  private static final double NANO = 1e9;

  private final int surgeDays;
  private final int dilutionDays;
  private final int usualErDays;

  public EngagementEvidence(int surgeDays, int dilutionDays, int usualErDays) {
    if (surgeDays < 0 || dilutionDays < 1 || usualErDays < 1) {
      throw new IllegalArgumentException("surge days >= 0, dilution days >= 1 and usual ER days >= 1, got "
          + surgeDays + ", " + dilutionDays + ", " + usualErDays);
    }
    this.surgeDays = surgeDays;
    this.dilutionDays = dilutionDays;
    this.usualErDays = usualErDays;
  }

  /** How many days before a snapshot its evidence reads posts from. */
  public int postDaysBefore() {
    return Math.max(usualErDays, surgeDays + dilutionDays);
  }

  /**
   * The snapshot rows of {@code stream} with the evidence of the windows around them; the usual ER follows in
   * {@link #withUsualEr}, for the rows that need it.
   */
  public Dataset<Row> prepare(Dataset<Row> stream) {
    return prepare(stream, Map.of(), lit(true));
  }

  /**
   * {@link #prepare} with more window columns over the stream ({@code alongside}, ordered by the day number too):
   * computed in the same window operator, and kept on the snapshot rows. Only the rows where {@code mayNeedUsualEr}
   * holds keep what {@link #withUsualEr} needs: the list of log ERs each row gets is the largest part of a row, and
   * the window operators after this one copy every row they buffer.
   */
  public Dataset<Row> prepare(Dataset<Row> stream, Map<String, Column> alongside, Column mayNeedUsualEr) {
    Column isPost = CreatorTimeline.isPost();
    Column isSnapshot = CreatorTimeline.isSnapshot();
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    WindowSpec recent = byDay.rangeBetween(-surgeDays, -1);
    Column logInteractions = when(isPost.and(col(CreatorTimeline.INTERACTIONS).gt(0)),
        log(col(CreatorTimeline.INTERACTIONS)));
    Column logEr = when(isPost.and(col(CreatorTimeline.ER).gt(0)), log(col(CreatorTimeline.ER)));
    Map<String, Column> windows = new LinkedHashMap<>();
    windows.put(Evidence.RECENT_ER, max(when(isPost, col(CreatorTimeline.ER))).over(recent));
    // The interactions of that same post (the highest ER), not the window's largest count: the reach a surge
    // explains is its post's interactions above what the creator's usual ER gives (ViralPost.extraInteractions).
    windows.put(Evidence.RECENT_INTERACTIONS, max_by(when(isPost, col(CreatorTimeline.INTERACTIONS)),
        when(isPost, col(CreatorTimeline.ER))).over(recent));
    // Each snapshot's usual-ER posts are a slice of the creator's list of log ERs up to the window's last day (a
    // running list in day order, built once per creator): collect_list skips nulls, so the slice bounds count the
    // log ERs before the window and up to its last day. Sorting a slice costs, so only the rows that can be flagged
    // do it. Every row holds a copy of its list, so it ends at the window, not at the creator's last post.
    WindowSpec throughAfter = byDay.rangeBetween(Window.unboundedPreceding(), dilutionDays);
    windows.put(LOG_ERS, collect_list(logEr).over(throughAfter));
    windows.put("_log_ers_through_after", count(logEr).over(throughAfter));
    windows.put("_log_ers_before_window", count(logEr).over(byDay.rangeBetween(Window.unboundedPreceding(),
        -usualErDays - 1L)));
    // The posts' mean log interactions in the days before the surge window and in those after the snapshot: the
    // running totals up to each window's last day less those up to the day before its first. Spark sums a bounded
    // frame again over all its rows for every row (here two weeks of posts and snapshots, twice), a running frame
    // once. The totals are of whole nano units, so the difference is exact whatever day the stream starts on: an
    // incremental run and a full one agree to the bit.
    Column nanoLogInteractions = logInteractions.multiply(NANO).cast("long");
    long beforeTo = -surgeDays - 1L;
    long beforeFrom = -surgeDays - (long) dilutionDays;
    for (long to : new long[] {beforeTo, beforeFrom - 1, dilutionDays, 0}) {
      WindowSpec upTo = byDay.rangeBetween(Window.unboundedPreceding(), to);
      windows.put(running(RUNNING_POSTS, to), count(logInteractions).over(upTo));
      windows.put(running(RUNNING_NANO_LOG_INTERACTIONS, to),
          coalesce(sum(nanoLogInteractions).over(upTo), lit(0L)));
    }
    windows.putAll(alongside);
    List<Column> kept = new ArrayList<>(List.of(col(Columns.CREATOR_ID), col(Columns.PLATFORM),
        col(Columns.NICHE), col(Columns.FOLLOWERS), col(Columns.FOLLOWING), col(CreatorTimeline.DAY), col(T),
        c(Evidence.RECENT_ER), c(Evidence.RECENT_INTERACTIONS),
        meanLogInteractions(beforeFrom - 1, beforeTo).as(Evidence.LOG_INTERACTIONS_BEFORE),
        posts(beforeFrom - 1, beforeTo).as(Evidence.POSTS_BEFORE),
        meanLogInteractions(0, dilutionDays).as(Evidence.LOG_INTERACTIONS_AFTER),
        posts(0, dilutionDays).as(Evidence.POSTS_AFTER), when(mayNeedUsualEr, col(LOG_ERS)).as(LOG_ERS),
        col("_log_ers_before_window").plus(1).cast("int").as(USUAL_FROM),
        col("_log_ers_through_after").minus(col("_log_ers_before_window")).cast("int").as(USUAL_POSTS)));
    alongside.keySet().forEach(name -> kept.add(col(name)));
    return stream
        .withColumns(windows)
        .filter(isSnapshot)
        .select(kept.toArray(new Column[0]));
  }

  /** The posts with interactions after day {@code after} up to day {@code to}, from the running counts. */
  private static Column posts(long after, long to) {
    return col(running(RUNNING_POSTS, to)).minus(col(running(RUNNING_POSTS, after)));
  }

  private static String running(String prefix, long day) {
    return prefix + (day < 0 ? "m" + -day : String.valueOf(day));
  }

  /** The mean log interactions of {@link #posts}, from the running totals; null without a post. */
  private static Column meanLogInteractions(long after, long to) {
    Column total = col(running(RUNNING_NANO_LOG_INTERACTIONS, to))
        .minus(col(running(RUNNING_NANO_LOG_INTERACTIONS, after)));
    return when(posts(after, to).gt(0), total.divide(posts(after, to)).divide(NANO));
  }

  /**
   * Adds the usual ER (median and MAD of log ER) to the rows of {@link #prepare} that {@code needed}, and the
   * surge's ratio to it and robust z; null on the other rows.
   */
  public Dataset<Row> withUsualEr(Dataset<Row> snapshots, Column needed) {
    return snapshots
        .withColumn("_sorted_log_ers", when(needed, sort_array(slice(col(LOG_ERS), col(USUAL_FROM),
            col(USUAL_POSTS)))))
        .withColumn(Evidence.MEDIAN_LOG_ER, Evidence.medianOfSorted("_sorted_log_ers"))
        .withColumn("_log_er_devs", Evidence.deviationsSorted("_sorted_log_ers", Evidence.MEDIAN_LOG_ER))
        .withColumn(Evidence.MAD_LOG_ER, Evidence.medianOfSorted("_log_er_devs"))
        .withColumn(Evidence.SURGE_RATIO, c(Evidence.RECENT_ER).divide(exp(c(Evidence.MEDIAN_LOG_ER))))
        .withColumn(Evidence.SURGE_Z, when(c(Evidence.RECENT_ER).gt(0), log(c(Evidence.RECENT_ER))
            .minus(c(Evidence.MEDIAN_LOG_ER)).divide(logErScale())))
        .drop(LOG_ERS, USUAL_FROM, USUAL_POSTS, "_sorted_log_ers", "_log_er_devs");
  }

  /** The creator's post-to-post scale of log ER (1.4826 x MAD, floored). */
  static Column logErScale() {
    return greatest(c(Evidence.MAD_LOG_ER).multiply(1.4826), lit(MIN_LOG_ER_SCALE));
  }
}
