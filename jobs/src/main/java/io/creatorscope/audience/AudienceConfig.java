package io.creatorscope.audience;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import java.util.List;
import java.util.Set;

/**
 * Settings of the audience outputs and of briefs that name a target audience.
 *
 * @param maxAgeDays a split older than this many days at the as-of date is not used: the creator's audience is
 *     unknown rather than described by a stale split
 * @param weightFit the share of a brief's score taken by the audience fit, when the brief names a target audience
 */
public record AudienceConfig(long maxAgeDays, double weightFit) {
  /**
   * 180 days: vendors refresh splits weekly to monthly, and an audience drifts over months (a creator who moves
   * country or niche); half a year keeps creators whose vendor refreshes rarely without trusting a year-old split.
   */
  public static final ConfigKey.Whole MAX_AGE_DAYS = new ConfigKey.Whole("audience.max_age_days", 180L, 1, 3650);
  /**
   * 0.3: the fit should reorder creators of similar quality toward the brief's audience, not let a weak creator
   * with the right audience pass a much stronger one. With brief score = 0.7 x score + 0.3 x 100 x fit, a creator
   * 10 score points behind needs a fit 0.23 higher (say 63% of its audience in the target country against 40%).
   */
  public static final ConfigKey.Decimal WEIGHT_FIT = new ConfigKey.Decimal("audience.weight_fit", 0.3, "[0, 1]");

  public static final List<ConfigKey<?>> ALL = List.of(MAX_AGE_DAYS, WEIGHT_FIT);
  public static final Set<String> KEYS = Settings.names(ALL);

  public AudienceConfig {
    MAX_AGE_DAYS.check(maxAgeDays);
    WEIGHT_FIT.check(weightFit);
  }

  public static AudienceConfig defaults() {
    return from(Settings.empty());
  }

  public static AudienceConfig from(Settings s) {
    return new AudienceConfig(s.get(MAX_AGE_DAYS), s.get(WEIGHT_FIT));
  }
}
