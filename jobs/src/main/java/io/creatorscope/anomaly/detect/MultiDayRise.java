package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.common.Columns;
import org.apache.spark.sql.Column;

/**
 * A rise that no single change shows but the last few days together do: the gain since the snapshot before the
 * rise window, against the creator's own trend over as many days (robust z >= {@code zThreshold}). Sellers'
 * "gradual" or drip-fed delivery spreads a purchase over days to stay under one-day spike rules; judged on its
 * cumulative gain, a drip feed is one event, flagged on the day it crosses the threshold, and only when no single
 * change in the window reached the threshold (that change is the event, judged on its own). Organic when a viral
 * post explains the whole gain, else suspicious. Needs the creator's own history.
 */
public final class MultiDayRise implements Detector {
  private final double zThreshold;
  private final Floors floors;
  private final ViralPost viral;

  public MultiDayRise(double zThreshold, Floors floors, ViralPost viral) {
    if (!(zThreshold > 0)) {
      throw new IllegalArgumentException("multi-day rise: z threshold must be positive, got " + zThreshold);
    }
    this.zThreshold = zThreshold;
    this.floors = floors;
    this.viral = viral;
  }

  @Override
  public Finding detect() {
    Column gain = c(Evidence.RISE_GAIN);
    Column crossing = c(Evidence.RISE_Z).geq(zThreshold)
        .and(coalesce(c(Evidence.PREV_RISE_Z).lt(zThreshold), lit(true)))
        .and(coalesce(c(Evidence.MAX_Z_IN_RISE).lt(zThreshold), lit(true)));
    Column condition = not(c(Evidence.PEER_BASELINE)).and(c(Evidence.RISE_DAYS).geq(2)).and(floors.rise())
        .and(coalesce(crossing, lit(false)));
    Column organic = viral.explains(gain);
    Column kind = when(organic, lit(AnomalyKind.ORGANIC_SPIKE.value()))
        .otherwise(lit(AnomalyKind.SUSPICIOUS_SPIKE.value()));
    Column size = least(lit(1.0), c(Evidence.RISE_REL).divide(SingleDaySpike.FULL_SEVERITY_CHANGE));
    Column severity = when(organic, size.multiply(0.5))
        .otherwise(least(lit(1.0), size.multiply(lit(1.0).plus(coalesce(ViralPost.decayShare(gain), lit(0.0))))));
    Column move = format_string("followers %+d (%+.1f%%) over the last %d days, robust z %.1f against its own "
        + "trend over as many days (threshold %.1f; no single day reached it)", gain,
        c(Evidence.RISE_REL).multiply(100), c(Evidence.RISE_DAYS), c(Evidence.RISE_Z), lit(zThreshold));
    Column reason = concat(when(organic, lit("organic multi-day rise: ")).otherwise(lit("suspicious multi-day rise: ")),
        move, lit("; "), viral.describe(gain));
    return new Finding(condition, kind, col(Columns.FOLLOWERS).minus(gain),
        c(Evidence.PREV_T).minus(c(Evidence.RISE_DAYS)).plus(c(Evidence.GAP)), severity, reason);
  }

  private static Column col(String name) {
    return org.apache.spark.sql.functions.col(name);
  }
}
