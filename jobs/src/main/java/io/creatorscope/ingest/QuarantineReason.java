package io.creatorscope.ingest;

/** Why an input row was routed to the quarantine table. A row gets the first reason that applies, in this order. */
public enum QuarantineReason {
  /**
   * A value could not be read as its contract type: a date directory that is not a date; a date, timestamp, count
   * or boolean written as text that is not one; a count in a floating-point or decimal column that is not a whole
   * number a 64-bit count holds (2.5, Infinity, 1e19); a boolean number other than 0 and 1; a date number that is
   * neither yyyyMMdd nor a count since 1970.
   */
  UNPARSEABLE_VALUE,
  /** A required column is null (or a blank string). */
  NULL_REQUIRED,
  /**
   * A date before any platform existed or after the day of the run ({@code ingest.earliest_date},
   * {@code ingest.future_days}): snapshot_date, observed_date or posted_at.
   */
  IMPLAUSIBLE_DATE,
  /** A count (followers, likes, ...) is negative. */
  NEGATIVE_COUNT,
  /** A count beyond any platform's plausible range ({@code ingest.max_count}). */
  IMPLAUSIBLE_COUNT,
  /** A post observation dated before the post was published. */
  OBSERVED_BEFORE_POSTED,
  /** A post or audience row whose creator never appears in the valid profiles up to the as-of date. */
  UNKNOWN_CREATOR,
  /**
   * A profile or post row of a creator id another platform's account already stands for: the id's first valid
   * snapshot (earliest day, then the first platform by name) decides the platform, the other platform's profiles
   * are quarantined, and its posts too (a post naming another platform than a creator's only account is kept).
   */
  PLATFORM_CONFLICT,
  /** An audience row whose dimension is not country, age or gender. */
  UNKNOWN_DIMENSION,
  /** An audience share below 0 or above 1 (or not a number). */
  SHARE_OUT_OF_RANGE,
  /**
   * An audience row of a split (creator, day, dimension) whose shares do not sum to 1 within
   * {@code ingest.audience_share_tolerance}.
   */
  SPLIT_NOT_SUMMING_TO_ONE
}
