package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.anomaly.AnomalyKind;
import org.apache.spark.sql.Column;

/**
 * A rise between two snapshots far beyond the creator's baseline (robust z >= {@code zThreshold}): organic when a
 * viral post explains it and it spreads over more than one snapshot (followers won by a post keep arriving while
 * it circulates; a delivery lands at once), else suspicious.
 */
public final class SingleDaySpike implements Detector {
  /** A change of a fifth of the audience in one event is as severe as it gets. */
  public static final double FULL_SEVERITY_CHANGE = 0.20;

  private final double zThreshold;
  private final double spreadZ;
  private final Floors floors;
  private final ViralPost viral;

  public SingleDaySpike(double zThreshold, double spreadZ, Floors floors, ViralPost viral) {
    if (!(zThreshold > 0) || !(spreadZ > 0)) {
      throw new IllegalArgumentException("single-day spike: z threshold and spread z must be positive");
    }
    this.zThreshold = zThreshold;
    this.spreadZ = spreadZ;
    this.floors = floors;
    this.viral = viral;
  }

  @Override
  public Finding detect() {
    Column gain = c(Evidence.JUMP);
    // Over a gap of missing days, on the newest snapshot or against peers, the spread cannot be seen.
    Column singleDelivery = c(Evidence.GAP).equalTo(1).and(c(Evidence.NEXT_REL).isNotNull())
        .and(not(c(Evidence.PEER_BASELINE))).and(coalesce(c(Evidence.SPREAD_Z).lt(spreadZ), lit(true)));
    Column organic = viral.explains(gain).and(not(singleDelivery));
    Column kind = when(organic, lit(AnomalyKind.ORGANIC_SPIKE.value()))
        .otherwise(lit(AnomalyKind.SUSPICIOUS_SPIKE.value()));
    Column size = least(lit(1.0), abs(c(Evidence.JUMP_REL)).divide(FULL_SEVERITY_CHANGE));
    // A suspicious spike whose gain decays again weighs more (bought followers being removed); an organic one
    // weighs half.
    Column severity = when(organic, size.multiply(0.5))
        .otherwise(least(lit(1.0), size.multiply(lit(1.0).plus(coalesce(ViralPost.decayShare(gain), lit(0.0))))));
    Column delivery = when(singleDelivery, format_string("; the gain landed in one snapshot (the changes either "
        + "side reach robust z %.1f, a rise that spreads %.1f)", c(Evidence.SPREAD_Z), lit(spreadZ)))
        .otherwise(lit(""));
    Column reason = concat(when(organic, lit("organic spike: ")).otherwise(lit("suspicious spike: ")),
        Moves.followers(zThreshold), delivery, lit("; "), viral.describe(gain));
    return new Finding(RobustBaseline.judged().and(floors.singleDay()).and(c(Evidence.Z).geq(zThreshold)), kind,
        c(Evidence.PREV_FOLLOWERS), c(Evidence.PREV_T), severity, reason);
  }
}
