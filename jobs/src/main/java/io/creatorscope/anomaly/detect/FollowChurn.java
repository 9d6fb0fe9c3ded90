package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.common.Columns;
import org.apache.spark.sql.Column;

/**
 * Follow/unfollow schemes: the following count jumps by at least {@code minAbsolute} accounts and
 * {@code minRelative} of itself, and at least {@code revertShare} of the jump is gone again within
 * {@code revertDays}. Severity: the jump against doubling the following count.
 */
public final class FollowChurn implements Detector {
  private final long minAbsolute;
  private final double minRelative;
  private final double revertShare;
  private final int revertDays;

  public FollowChurn(long minAbsolute, double minRelative, double revertShare, int revertDays) {
    if (minAbsolute < 0 || minRelative < 0 || !(revertShare > 0 && revertShare <= 1) || revertDays < 1) {
      throw new IllegalArgumentException("follow churn: expected counts >= 0, 0 < revert share <= 1, days >= 1");
    }
    this.minAbsolute = minAbsolute;
    this.minRelative = minRelative;
    this.revertShare = revertShare;
    this.revertDays = revertDays;
  }

  @Override
  public Finding detect() {
    Column jump = col(Columns.FOLLOWING).minus(c(Evidence.PREV_FOLLOWING));
    Column condition = jump.geq(minAbsolute).and(jump.geq(c(Evidence.PREV_FOLLOWING).multiply(minRelative)))
        .and(col(Columns.FOLLOWING).minus(c(Evidence.FUTURE_MIN_FOLLOWING)).geq(jump.multiply(revertShare)));
    Column reason = format_string("follow churn: following %+d (%d -> %d) over %d day(s), back down to %d within "
        + "%d days", jump, c(Evidence.PREV_FOLLOWING), col(Columns.FOLLOWING), c(Evidence.GAP),
        c(Evidence.FUTURE_MIN_FOLLOWING), lit(revertDays));
    Column severity = coalesce(least(lit(1.0), jump.divide(c(Evidence.PREV_FOLLOWING)).divide(2.0)), lit(0.0));
    return new Finding(condition, lit(AnomalyKind.FOLLOW_CHURN.value()), c(Evidence.PREV_FOLLOWERS),
        c(Evidence.PREV_T), severity, reason);
  }
}
