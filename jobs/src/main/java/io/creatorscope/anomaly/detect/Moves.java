package io.creatorscope.anomaly.detect;

import static io.creatorscope.anomaly.detect.Evidence.c;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** The follower change of a row in words, shared by the detectors' reasons. */
final class Moves {
  private Moves() {}

  /** The change since the previous snapshot and its z against the baseline that judged it. */
  static Column followers(double threshold) {
    Column against = when(c(Evidence.PEER_BASELINE), lit("its platform x tier peers that day (short history)"))
        .otherwise(lit("its own history"));
    return format_string("followers %+d (%+.1f%%) over %d day(s), robust z %.1f against %s (threshold %.1f)",
        c(Evidence.JUMP), c(Evidence.JUMP_REL).multiply(100), c(Evidence.GAP), c(Evidence.Z), against,
        lit(threshold));
  }
}
