package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.creatorscope.anomaly.AnomalyKind;
import org.apache.spark.sql.Column;

/**
 * A sudden loss (robust z <= -{@code zThreshold}) of at least {@code minRelative} of the followers: a purge
 * removes a chunk at once, while the slow removal of bought followers after a spike stays under ~2% a day.
 */
public final class Drop implements Detector {
  private final double zThreshold;
  private final double minRelative;
  private final Floors floors;

  public Drop(double zThreshold, double minRelative, Floors floors) {
    if (!(zThreshold > 0) || !(minRelative > 0 && minRelative < 1)) {
      throw new IllegalArgumentException("drop: expected z > 0 and 0 < share < 1, got " + zThreshold + ", "
          + minRelative);
    }
    this.zThreshold = zThreshold;
    this.minRelative = minRelative;
    this.floors = floors;
  }

  @Override
  public Finding detect() {
    Column condition = RobustBaseline.judged().and(floors.singleDay()).and(c(Evidence.Z).leq(-zThreshold))
        .and(c(Evidence.JUMP_REL).leq(-minRelative));
    return new Finding(condition, lit(AnomalyKind.DROP.value()), c(Evidence.PREV_FOLLOWERS), c(Evidence.PREV_T),
        least(lit(1.0), abs(c(Evidence.JUMP_REL)).divide(SingleDaySpike.FULL_SEVERITY_CHANGE)),
        concat(lit("drop: "), Moves.followers(zThreshold)));
  }
}
