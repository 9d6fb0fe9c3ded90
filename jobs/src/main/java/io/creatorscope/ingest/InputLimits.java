package io.creatorscope.ingest;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What an input value may plausibly be; rows beyond go to quarantine ({@code IMPLAUSIBLE_COUNT},
 * {@code IMPLAUSIBLE_DATE}).
 *
 * @param maxCount largest count (followers, likes, views, ...) any platform can plausibly report
 * @param earliestDate no snapshot, observation or post can be dated before this day
 * @param futureDays no date can be later than the day of the run (UTC) plus this many days
 * @param audienceShareTolerance how far from 1 a creator's shares of one audience dimension and day may sum
 */
public record InputLimits(long maxCount, LocalDate earliestDate, int futureDays, double audienceShareTolerance) {
  /**
   * One trillion. The largest counts ever published are far below it: the most-viewed video about 16 billion views
   * (Baby Shark, YouTube), the most-liked post about 60 million likes, the most-followed account about 650 million
   * followers. The bound leaves two orders of magnitude above the largest view count, and it is far enough under
   * 2^63 that no sum of a post's four interaction counts can overflow. Its allowed maximum, 10^18, keeps that
   * guarantee (4 x 10^18 < 2^63 - 1).
   */
  public static final ConfigKey.Whole MAX_COUNT =
      new ConfigKey.Whole("ingest.max_count", 1_000_000_000_000L, 1, 1_000_000_000_000_000_000L);
  /**
   * 2004-01-01: the earliest of the platforms (Facebook, February 2004; YouTube 2005, Instagram 2010, TikTok 2016)
   * did not exist before. One floor for all platforms rather than one per platform: platform names are free text
   * in the input, and content moves between platforms with its old dates (musical.ly videos became TikTok posts).
   * A day before it is a placeholder or a decoding error, e.g. 0001-01-01 or 1970-01-01.
   */
  public static final ConfigKey.Day EARLIEST_DATE = new ConfigKey.Day("ingest.earliest_date",
      LocalDate.of(2004, 1, 1), LocalDate.of(1900, 1, 1), LocalDate.of(2100, 1, 1));
  /**
   * One day: dates are UTC days, and a provider that dates by its local day may be up to a day ahead of UTC. Later
   * than that, an observation would be dated after it was made. Relative to the run's own clock, not to the as-of
   * date, so that rerunning an older as-of date over newer inputs quarantines nothing new.
   */
  public static final ConfigKey.Whole FUTURE_DAYS = new ConfigKey.Whole("ingest.future_days", 1L, 0, 3650);

  /**
   * 0.02: vendors publish shares rounded to whole or tenth percents, so a complete split of a dozen buckets can
   * miss 1 by a few tenths of a percent; a split that misses by more than two percent is incomplete (a vendor that
   * lists only its top buckets must add an "other" bucket) or mixes two days.
   */
  public static final ConfigKey.Decimal AUDIENCE_SHARE_TOLERANCE =
      new ConfigKey.Decimal("ingest.audience_share_tolerance", 0.02, "[0, 0.5]");

  public static final List<ConfigKey<?>> ALL = List.of(MAX_COUNT, EARLIEST_DATE, FUTURE_DAYS,
      AUDIENCE_SHARE_TOLERANCE);
  public static final Set<String> KEYS = Settings.names(ALL);

  public InputLimits {
    MAX_COUNT.check(maxCount);
    EARLIEST_DATE.check(earliestDate);
    FUTURE_DAYS.check((long) futureDays);
    AUDIENCE_SHARE_TOLERANCE.check(audienceShareTolerance);
  }

  public static InputLimits defaults() {
    return from(Settings.empty());
  }

  public static InputLimits from(Settings s) {
    return new InputLimits(s.get(MAX_COUNT), s.get(EARLIEST_DATE), Math.toIntExact(s.get(FUTURE_DAYS)),
        s.get(AUDIENCE_SHARE_TOLERANCE));
  }

  /** The latest plausible day for a run on {@code today}. */
  public LocalDate latestDate(LocalDate today) {
    return today.plusDays(futureDays);
  }
}
