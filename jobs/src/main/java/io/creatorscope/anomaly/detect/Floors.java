package io.creatorscope.anomaly.detect;

import static org.apache.spark.sql.functions.abs;

import org.apache.spark.sql.Column;

/** The least change worth judging: this many followers and this share of them (tiny accounts are noise). */
public record Floors(long minAbsolute, double minRelative) {
  public Floors {
    if (minAbsolute < 0 || minRelative < 0) {
      throw new IllegalArgumentException("floors must be >= 0, got " + minAbsolute + ", " + minRelative);
    }
  }

  /** Whether a change of {@code change} followers, {@code relative} of them, passes both floors. */
  public Column passedBy(Column change, Column relative) {
    return abs(change).geq(minAbsolute).and(abs(relative).geq(minRelative));
  }

  public Column singleDay() {
    return passedBy(Evidence.c(Evidence.JUMP), Evidence.c(Evidence.JUMP_REL));
  }

  Column rise() {
    return Evidence.c(Evidence.RISE_GAIN).gt(0)
        .and(passedBy(Evidence.c(Evidence.RISE_GAIN), Evidence.c(Evidence.RISE_REL)));
  }
}
