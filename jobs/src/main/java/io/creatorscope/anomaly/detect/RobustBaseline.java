package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.ExactPercentile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What a normal change looks like for the creator, and how far each change is from it.
 *
 * <p>Own baseline: median and MAD of the relative daily changes of the trailing {@code baselineSnapshots} days (as
 * many snapshots, taken daily), with the fallbacks for flat histories (the mean absolute deviation, then a floor);
 * the z-score divides by the scale's one-standard-error upper bound. Only rows that {@code mayFlag} sort their
 * history.
 *
 * <p>Peer baseline, for a creator with fewer than {@code minBaselineSnapshots} changes: the median and
 * interquartile range of the day's relative change among creators of the same platform and tier, when at least
 * {@link #MIN_PEERS} of them have one: exact quartiles of each group's values of the day, broadcast back.
 */
public final class RobustBaseline {
  /**
   * Relative standard error of a MAD-based scale is about 1.166 / sqrt(n) for n baseline points. The z-score
   * divides by the scale's one-standard-error upper bound: a short baseline gives a MAD that is too small as
   * often as too large, and the too-small ones are what flood false alarms.
   */
  public static final double MAD_STANDARD_ERROR = 1.166;
  /** Peers a day's platform x tier group needs before its distribution stands in for a short history. */
  public static final int MIN_PEERS = 30;
  static final String T = CreatorTimeline.DAY_NUMBER;

  private final int baselineSnapshots;
  private final int minBaselineSnapshots;
  private final double minRelativeScale;
  private final int riseDays;

  /** @param riseDays the rise window of {@link FollowerChanges}, over which the largest single change is kept */
  public RobustBaseline(int baselineSnapshots, int minBaselineSnapshots, double minRelativeScale, int riseDays) {
    if (minBaselineSnapshots < 1 || minBaselineSnapshots > baselineSnapshots || !(minRelativeScale > 0)) {
      throw new IllegalArgumentException("expected 1 <= min baseline <= baseline and a positive scale floor, got "
          + minBaselineSnapshots + ", " + baselineSnapshots + ", " + minRelativeScale);
    }
    this.baselineSnapshots = baselineSnapshots;
    this.minBaselineSnapshots = minBaselineSnapshots;
    this.minRelativeScale = minRelativeScale;
    this.riseDays = riseDays;
  }

  /**
   * {@link #fromHistory} of {@code changes} with their {@link #history}.
   */
  public Dataset<Row> prepare(Dataset<Row> changes, Dataset<Row> peerChanges, Column mayFlag, Column judgedAlone) {
    return fromHistory(changes.withColumns(history()), peerChanges, mayFlag, judgedAlone);
  }

  /**
   * Window columns over a creator's rows of {@link FollowerChanges} that hold each row's trailing baseline.
   * They read the changes alone, so {@link FollowerChanges#fromPrevious} can compute them in its own window
   * operator rather than another one after it.
   */
  public Map<String, Column> history() {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    WindowSpec before = byDay.rowsBetween(Window.unboundedPreceding(), -1);
    // The trailing baseline of each row: the changes of the baselineSnapshots days before it whose previous
    // snapshot is in those days too, a slice of the creator's list of changes before the row (a running list, built
    // once per creator). collect_list skips nulls, so the slice bounds count the changes up to the row and up to
    // the window; of the changes in the window only the first can reach back before it, and is left out when it
    // does. Bounded by days at both ends, a day's baseline is the same whichever span a run reads. The list ends at
    // the row, not at the creator's last change: every row holds a copy of its list, half as long on average.
    Map<String, Column> history = new LinkedHashMap<>();
    history.put("_rel_list", collect_list(c(Evidence.REL_PER_DAY)).over(before));
    history.put("_start_list", collect_list(when(c(Evidence.REL_PER_DAY).isNotNull(), c(Evidence.PREV_T)))
        .over(before));
    history.put("_rel_before", count(c(Evidence.REL_PER_DAY)).over(before));
    history.put("_rel_before_window", count(c(Evidence.REL_PER_DAY))
        .over(byDay.rangeBetween(Window.unboundedPreceding(), -(baselineSnapshots + 1L))));
    return history;
  }

  /**
   * @param changes rows of {@link FollowerChanges}, with {@link Columns#TIER} and their {@link #history}
   * @param peerChanges every snapshot's {@link Evidence#REL_PER_DAY} with its platform, tier and day number
   *     ({@link FollowerChanges#daily}): the peers' distribution of each day
   * @param mayFlag rows that can be flagged at all (past the floors): only they sort their history
   * @param judgedAlone rows whose own change can be flagged on its own (past the single-change floors)
   */
  public Dataset<Row> fromHistory(Dataset<Row> changes, Dataset<Row> peerChanges, Column mayFlag,
      Column judgedAlone) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    int reach = baselineSnapshots + 1;
    Column firstInWindow = col("_rel_before_window").plus(1).cast("int");
    Column spansIn = coalesce(col("_rel_before").gt(col("_rel_before_window"))
        .and(try_element_at(col("_start_list"), firstInWindow).lt(col(T).minus(reach))), lit(false));
    Column seUpper = lit(1.0).plus(lit(MAD_STANDARD_ERROR).divide(sqrt(c(Evidence.BASELINE_N))));
    Dataset<Row> own = changes
        .withColumn("_spans_in", when(spansIn, 1).otherwise(0))
        .withColumn(Evidence.BASELINE_N, col("_rel_before").minus(col("_rel_before_window"))
            .minus(col("_spans_in")).cast("int"))
        .withColumn("_sorted", when(mayFlag, sort_array(
            slice(col("_rel_list"), firstInWindow.plus(col("_spans_in")), c(Evidence.BASELINE_N)))))
        .withColumn(Evidence.MEDIAN, Evidence.medianOfSorted("_sorted"))
        .withColumn("_devs", Evidence.deviationsSorted("_sorted", Evidence.MEDIAN))
        .withColumn("_mad", Evidence.medianOfSorted("_devs"))
        .withColumn("_mean_ad", expr("aggregate(_devs, 0D, (acc, x) -> acc + x) / " + Evidence.BASELINE_N))
        .withColumn(Evidence.SCALE, greatest(
            when(col("_mad").gt(0), col("_mad").multiply(1.4826))
                .when(col("_mean_ad").gt(0), col("_mean_ad").multiply(1.2533))
                .otherwise(lit(0.0)),
            lit(minRelativeScale)))
        .withColumn("_own_z", zOf(c(Evidence.JUMP_REL), c(Evidence.GAP), seUpper))
        .withColumn(Evidence.SPREAD_Z, greatest(adjacentZ(Evidence.PREV_REL, seUpper),
            adjacentZ(Evidence.NEXT_REL, seUpper)))
        .withColumn(Evidence.RISE_Z, zOf(c(Evidence.RISE_REL), c(Evidence.RISE_DAYS), seUpper))
        .withColumns(Map.of(Evidence.PREV_RISE_Z, lag(c(Evidence.RISE_Z), 1).over(byDay),
            Evidence.MAX_Z_IN_RISE, max(when(judgedAlone, col("_own_z")))
                .over(byDay.rangeBetween(-(riseDays - 1L), 0))))
        .drop("_rel_list", "_start_list", "_rel_before", "_rel_before_window", "_spans_in", "_sorted", "_devs",
            "_mad", "_mean_ad");

    Column ownHistory = c(Evidence.BASELINE_N).geq(minBaselineSnapshots);
    // Exact quartiles, not percentile_approx: an approximate one depends on how the day's values were split among
    // partial aggregations, so the same day read in another span (another as-of date) got another z.
    Dataset<Row> peers = peerChanges.filter(c(Evidence.REL_PER_DAY).isNotNull())
        .groupBy(col(Columns.PLATFORM).as("_peer_platform"), col(Columns.TIER).as("_peer_tier"),
            col(T).as("_peer_t"))
        .agg(ExactPercentile.sortedValues(c(Evidence.REL_PER_DAY)).as("_peer_sorted"))
        .filter(size(col("_peer_sorted")).geq(MIN_PEERS))
        .select(col("_peer_platform"), col("_peer_tier"), col("_peer_t"),
            ExactPercentile.of(col("_peer_sorted"), 0.25).as("_peer_q1"),
            ExactPercentile.of(col("_peer_sorted"), 0.5).as("_peer_median"),
            ExactPercentile.of(col("_peer_sorted"), 0.75).as("_peer_q3"));
    Column peerScale = greatest(col("_peer_q3").minus(col("_peer_q1")).divide(1.349), lit(minRelativeScale));
    Column peerZ = c(Evidence.JUMP_REL).minus(col("_peer_median").multiply(c(Evidence.GAP)))
        .divide(peerScale.multiply(sqrt(c(Evidence.GAP))));
    Column usePeers = ownHistory.unary_$bang().and(col("_peer_median").isNotNull());
    return own.join(broadcast(peers), col(Columns.PLATFORM).equalTo(col("_peer_platform"))
            .and(col(Columns.TIER).equalTo(col("_peer_tier"))).and(col(T).equalTo(col("_peer_t"))), "left")
        .withColumn(Evidence.PEER_BASELINE, usePeers)
        .withColumn(Evidence.Z, when(ownHistory, col("_own_z")).when(usePeers, peerZ))
        .drop("_own_z", "_peer_platform", "_peer_tier", "_peer_t", "_peer_q1", "_peer_median", "_peer_q3");
  }

  /** Robust z of a relative change over {@code days} against the trailing baseline, net of its drift. */
  private static Column zOf(Column relative, Column days, Column seUpper) {
    return relative.minus(c(Evidence.MEDIAN).multiply(days))
        .divide(c(Evidence.SCALE).multiply(seUpper).multiply(sqrt(days)));
  }

  /** Robust z of a neighbouring change ({@code rel}, per day) against the current row's baseline. */
  private static Column adjacentZ(String rel, Column seUpper) {
    return col(rel).minus(c(Evidence.MEDIAN)).divide(c(Evidence.SCALE).multiply(seUpper));
  }

  /** Whether a row has any baseline to be judged against: its own, or its peers'. */
  static Column judged() {
    return c(Evidence.Z).isNotNull();
  }
}
