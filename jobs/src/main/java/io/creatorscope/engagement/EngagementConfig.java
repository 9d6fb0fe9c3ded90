package io.creatorscope.engagement;

import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.Set;

/**
 * Settings of the engagement job, with their defaults.
 *
 * @param windowDays creator ER as of D uses posts published in the windowDays days up to and including D
 * @param minPosts creators with fewer posts with an ER in the window are kept but unrated
 * @param matchAfterDays a post older than its creator's first snapshot uses the first snapshot at most this many
 *     days after it; otherwise it is unmatched
 * @param percentileAccuracy accuracy of the distribution percentiles (percentile_approx): the rank error is at
 *     most 1/accuracy of the group size
 */
public record EngagementConfig(
    int windowDays, int minPosts, int matchAfterDays, TierScheme tiers, int percentileAccuracy) {

  public static final String WINDOW_DAYS = "engagement.window_days";
  public static final String MIN_POSTS = "engagement.min_posts";
  public static final String MATCH_AFTER_DAYS = "engagement.match_after_days";
  public static final String TIERS = "tiers.scheme";
  public static final String PERCENTILE_ACCURACY = "engagement.percentile_accuracy";
  public static final Set<String> KEYS = Set.of(WINDOW_DAYS, MIN_POSTS, MATCH_AFTER_DAYS, TIERS, PERCENTILE_ACCURACY);

  public static final int DEFAULT_WINDOW_DAYS = 90;
  public static final int DEFAULT_MIN_POSTS = 3;
  public static final int DEFAULT_MATCH_AFTER_DAYS = 7;
  public static final int DEFAULT_PERCENTILE_ACCURACY = 10_000;

  public EngagementConfig {
    if (windowDays < 1) {
      throw new UserError(WINDOW_DAYS + " must be at least 1, got " + windowDays);
    }
    if (minPosts < 1) {
      throw new UserError(MIN_POSTS + " must be at least 1, got " + minPosts);
    }
    if (matchAfterDays < 0) {
      throw new UserError(MATCH_AFTER_DAYS + " must be 0 or more, got " + matchAfterDays);
    }
    if (percentileAccuracy < 100) {
      throw new UserError(PERCENTILE_ACCURACY + " must be at least 100, got " + percentileAccuracy);
    }
  }

  public static EngagementConfig defaults() {
    return from(Settings.empty());
  }

  public static EngagementConfig from(Settings s) {
    return new EngagementConfig(
        s.getInt(WINDOW_DAYS, DEFAULT_WINDOW_DAYS),
        s.getInt(MIN_POSTS, DEFAULT_MIN_POSTS),
        s.getInt(MATCH_AFTER_DAYS, DEFAULT_MATCH_AFTER_DAYS),
        TierScheme.named(s.getString(TIERS, "default")),
        s.getInt(PERCENTILE_ACCURACY, DEFAULT_PERCENTILE_ACCURACY));
  }

  /** Relative rank error of the distribution percentiles. */
  public double percentileRankError() {
    return 1.0 / percentileAccuracy;
  }
}
