package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
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
 * What a normal change looks like for the creator, and how far each change is from it.
 *
 * <p>Own baseline: median and MAD of the relative daily change over the trailing {@code baselineSnapshots}
 * snapshots, with the fallbacks for flat histories (the mean absolute deviation, then a floor); the z-score
 * divides by the scale's one-standard-error upper bound. Only rows that {@code mayFlag} sort their history.
 *
 * <p>Peer baseline, for a creator with fewer than {@code minBaselineSnapshots} changes: the median and
 * interquartile range of the day's relative change among creators of the same platform and tier, when at least
 * {@link #MIN_PEERS} of them have one. One small aggregation, broadcast back.
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
   * @param changes rows of {@link FollowerChanges}, with {@link Columns#TIER}
   * @param peerChanges every snapshot's {@link Evidence#REL_PER_DAY} with its platform, tier and day number
   *     ({@link FollowerChanges#daily}): the peers' distribution of each day
   * @param mayFlag rows that can be flagged at all (past the floors): only they sort their history
   * @param judgedAlone rows whose own change can be flagged on its own (past the single-change floors)
   */
  public Dataset<Row> prepare(Dataset<Row> changes, Dataset<Row> peerChanges, Column mayFlag, Column judgedAlone) {
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(T));
    WindowSpec wholeHistory = byDay.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    // The trailing baseline of each row is a slice of the creator's whole list of relative changes (collected once
    // per creator): collect_list skips nulls, so the slice bounds count the non-null changes before the row and
    // before the window.
    Map<String, Column> history = new LinkedHashMap<>();
    history.put("_all_rel", collect_list(c(Evidence.REL_PER_DAY)).over(wholeHistory));
    history.put("_rel_before", count(c(Evidence.REL_PER_DAY))
        .over(byDay.rowsBetween(Window.unboundedPreceding(), -1)));
    history.put("_rel_before_window", count(c(Evidence.REL_PER_DAY))
        .over(byDay.rowsBetween(Window.unboundedPreceding(), -baselineSnapshots - 1L)));
    Column seUpper = lit(1.0).plus(lit(MAD_STANDARD_ERROR).divide(sqrt(c(Evidence.BASELINE_N))));
    Dataset<Row> own = changes.withColumns(history)
        .withColumn(Evidence.BASELINE_N, col("_rel_before").minus(col("_rel_before_window")).cast("int"))
        .withColumn("_sorted", when(mayFlag, sort_array(
            slice(col("_all_rel"), col("_rel_before_window").plus(1), c(Evidence.BASELINE_N)))))
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
        .withColumn(Evidence.PREV_RISE_Z, lag(c(Evidence.RISE_Z), 1).over(byDay))
        .withColumn(Evidence.MAX_Z_IN_RISE, max(when(judgedAlone, col("_own_z")))
            .over(byDay.rangeBetween(-(riseDays - 1L), 0)))
        .drop("_all_rel", "_rel_before", "_rel_before_window", "_sorted", "_devs", "_mad", "_mean_ad");

    Column ownHistory = c(Evidence.BASELINE_N).geq(minBaselineSnapshots);
    Dataset<Row> peers = peerChanges.filter(c(Evidence.REL_PER_DAY).isNotNull())
        .groupBy(col(Columns.PLATFORM).as("_peer_platform"), col(Columns.TIER).as("_peer_tier"),
            col(T).as("_peer_t"))
        .agg(percentile_approx(c(Evidence.REL_PER_DAY), array(lit(0.25), lit(0.5), lit(0.75)), lit(1000))
            .as("_peer_q"), count(lit(1)).as("_peers"))
        .filter(col("_peers").geq(MIN_PEERS));
    Column peerScale = greatest(col("_peer_q").getItem(2).minus(col("_peer_q").getItem(0)).divide(1.349),
        lit(minRelativeScale));
    Column peerZ = c(Evidence.JUMP_REL).minus(col("_peer_q").getItem(1).multiply(c(Evidence.GAP)))
        .divide(peerScale.multiply(sqrt(c(Evidence.GAP))));
    Column usePeers = ownHistory.unary_$bang().and(col("_peer_q").isNotNull());
    return own.join(broadcast(peers), col(Columns.PLATFORM).equalTo(col("_peer_platform"))
            .and(col(Columns.TIER).equalTo(col("_peer_tier"))).and(col(T).equalTo(col("_peer_t"))), "left")
        .withColumn(Evidence.PEER_BASELINE, usePeers)
        .withColumn(Evidence.Z, when(ownHistory, col("_own_z")).when(usePeers, peerZ))
        .drop("_own_z", "_peer_platform", "_peer_tier", "_peer_t", "_peer_q", "_peers");
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
