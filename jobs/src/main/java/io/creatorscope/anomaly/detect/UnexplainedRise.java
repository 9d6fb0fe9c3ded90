package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.creatorscope.anomaly.AnomalyKind;
import org.apache.spark.sql.Column;

/**
 * A rise past the floors from robust z {@code fromZ} up to the suspicious threshold that no viral post explains:
 * too weak to call bought, too unusual to rank on trust. A caution, not a fraud flag.
 */
public final class UnexplainedRise implements Detector {
  private final double fromZ;
  private final double zThreshold;
  private final Floors floors;
  private final ViralPost viral;

  public UnexplainedRise(double fromZ, double zThreshold, Floors floors, ViralPost viral) {
    if (!(fromZ > 0) || fromZ > zThreshold) {
      throw new IllegalArgumentException("unexplained rise: expected 0 < from z <= threshold, got " + fromZ + ", "
          + zThreshold);
    }
    this.fromZ = fromZ;
    this.zThreshold = zThreshold;
    this.floors = floors;
    this.viral = viral;
  }

  @Override
  public Finding detect() {
    Column gain = c(Evidence.JUMP);
    Column condition = RobustBaseline.judged().and(floors.singleDay()).and(gain.gt(0))
        .and(c(Evidence.Z).geq(fromZ)).and(c(Evidence.Z).lt(zThreshold)).and(not(viral.explains(gain)));
    return new Finding(condition, lit(AnomalyKind.UNEXPLAINED_RISE.value()), c(Evidence.PREV_FOLLOWERS),
        c(Evidence.PREV_T), least(lit(1.0), abs(c(Evidence.JUMP_REL)).divide(SingleDaySpike.FULL_SEVERITY_CHANGE))
            .multiply(0.5),
        concat(lit("unexplained rise: "), Moves.followers(zThreshold), lit("; nothing explains it: "),
            viral.describe(gain)));
  }
}
