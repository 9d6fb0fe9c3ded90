package io.creatorscope.engagement;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Settings of the engagement job, with their defaults.
 *
 * @param windowDays creator ER as of D uses posts published in the windowDays days up to and including D
 * @param minPosts creators with fewer posts with an ER in the window are kept but unrated
 * @param matchBeforeDays a post takes its creator's latest snapshot at most this many days before it (an older
 *     follower count is stale)
 * @param matchAfterDays a post with no such snapshot uses the first snapshot at most this many days after it;
 *     otherwise it is unmatched
 * @param percentileAccuracy accuracy of the distribution percentiles (percentile_approx): the rank error is at
 *     most 1/accuracy of the group size
 */
public record EngagementConfig(
    int windowDays, int minPosts, int matchBeforeDays, int matchAfterDays, TierScheme tiers, int percentileAccuracy) {

  /** Longest window a days setting may ask for: ten years. */
  static final long MAX_DAYS = 3650;

  public static final ConfigKey.Whole WINDOW_DAYS = new ConfigKey.Whole("engagement.window_days", 90L, 1, MAX_DAYS);
  public static final ConfigKey.Whole MIN_POSTS = new ConfigKey.Whole("engagement.min_posts", 3L, 1, Integer.MAX_VALUE);
  public static final ConfigKey.Whole MATCH_BEFORE_DAYS =
      new ConfigKey.Whole("engagement.match_before_days", 30L, 0, MAX_DAYS);
  public static final ConfigKey.Whole MATCH_AFTER_DAYS =
      new ConfigKey.Whole("engagement.match_after_days", 7L, 0, MAX_DAYS);
  public static final ConfigKey.Text TIERS = new ConfigKey.Text("tiers.scheme", "default",
      "default, narrow or a list name:minFollowers,... starting at 0");
  public static final ConfigKey.Whole PERCENTILE_ACCURACY =
      new ConfigKey.Whole("engagement.percentile_accuracy", 10_000L, 100, Integer.MAX_VALUE);
  public static final List<ConfigKey<?>> ALL = List.of(WINDOW_DAYS, MIN_POSTS, MATCH_BEFORE_DAYS, MATCH_AFTER_DAYS,
      TIERS, PERCENTILE_ACCURACY);
  public static final Set<String> KEYS = Settings.names(ALL);

  public EngagementConfig {
    WINDOW_DAYS.check((long) windowDays);
    MIN_POSTS.check((long) minPosts);
    MATCH_BEFORE_DAYS.check((long) matchBeforeDays);
    MATCH_AFTER_DAYS.check((long) matchAfterDays);
    PERCENTILE_ACCURACY.check((long) percentileAccuracy);
  }

  public static EngagementConfig defaults() {
    return from(Settings.empty());
  }

  public static EngagementConfig from(Settings s) {
    return new EngagementConfig(
        Math.toIntExact(s.get(WINDOW_DAYS)),
        Math.toIntExact(s.get(MIN_POSTS)),
        Math.toIntExact(s.get(MATCH_BEFORE_DAYS)),
        Math.toIntExact(s.get(MATCH_AFTER_DAYS)),
        TierScheme.named(s.get(TIERS)),
        Math.toIntExact(s.get(PERCENTILE_ACCURACY)));
  }

  /** The first day of the window of {@code window_days} ending with {@code asOf}. */
  public LocalDate windowStart(LocalDate asOf) {
    return asOf.minusDays(windowDays - 1L);
  }

  /** Relative rank error of the distribution percentiles. */
  public double percentileRankError() {
    return 1.0 / percentileAccuracy;
  }
}
