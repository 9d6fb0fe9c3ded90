package io.creatorscope.discovery;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.List;
import java.util.Set;

/**
 * Settings of the discovery ranking.
 *
 * @param shrinkagePosts k: a creator's ER is shrunk toward its group median as if the group contributed k posts
 * @param excludeMinSeverity a suspicious spike of at least this severity in the window excludes the creator
 * @param rankEmerging whether accounts of the lowest tier (under 1k by default) are ranked
 * @param excludeUnexplainedRises whether a creator with an unexplained follower rise in the window is left unranked:
 *     a list that brands act on should start with accounts whose whole follower history is explained
 */
public record DiscoveryConfig(double weightEngagement, double weightAuthenticity, double weightGrowth,
    double weightActivity, double weightPaid, double shrinkagePosts, double excludeMinSeverity,
    boolean rankEmerging, boolean excludeUnexplainedRises) {

  public static final ConfigKey.Decimal WEIGHT_ENGAGEMENT =
      new ConfigKey.Decimal("discovery.weight_engagement", 0.35, "[0, inf)");
  public static final ConfigKey.Decimal WEIGHT_AUTHENTICITY =
      new ConfigKey.Decimal("discovery.weight_authenticity", 0.25, "[0, inf)");
  public static final ConfigKey.Decimal WEIGHT_GROWTH =
      new ConfigKey.Decimal("discovery.weight_growth", 0.15, "[0, inf)");
  public static final ConfigKey.Decimal WEIGHT_ACTIVITY =
      new ConfigKey.Decimal("discovery.weight_activity", 0.15, "[0, inf)");
  public static final ConfigKey.Decimal WEIGHT_PAID = new ConfigKey.Decimal("discovery.weight_paid", 0.10, "[0, inf)");
  public static final ConfigKey.Decimal SHRINKAGE_POSTS =
      new ConfigKey.Decimal("discovery.shrinkage_posts", 10.0, "[0, inf)");
  /** Severities run from 0 to 1. */
  public static final ConfigKey.Decimal EXCLUDE_MIN_SEVERITY =
      new ConfigKey.Decimal("discovery.exclude_min_severity", 0.1, "[0, 1]");
  public static final ConfigKey.Flag RANK_EMERGING = new ConfigKey.Flag("discovery.rank_emerging", false);
  public static final ConfigKey.Flag EXCLUDE_UNEXPLAINED_RISES =
      new ConfigKey.Flag("discovery.exclude_unexplained_rises", true);

  public static final List<ConfigKey<?>> ALL = List.of(WEIGHT_ENGAGEMENT, WEIGHT_AUTHENTICITY, WEIGHT_GROWTH,
      WEIGHT_ACTIVITY, WEIGHT_PAID, SHRINKAGE_POSTS, EXCLUDE_MIN_SEVERITY, RANK_EMERGING, EXCLUDE_UNEXPLAINED_RISES);
  public static final Set<String> KEYS = Settings.names(ALL);

  public DiscoveryConfig {
    WEIGHT_ENGAGEMENT.check(weightEngagement);
    WEIGHT_AUTHENTICITY.check(weightAuthenticity);
    WEIGHT_GROWTH.check(weightGrowth);
    WEIGHT_ACTIVITY.check(weightActivity);
    WEIGHT_PAID.check(weightPaid);
    SHRINKAGE_POSTS.check(shrinkagePosts);
    EXCLUDE_MIN_SEVERITY.check(excludeMinSeverity);
    if (weightEngagement + weightAuthenticity + weightGrowth + weightActivity + weightPaid <= 0) {
      throw new UserError("at least one discovery weight must be positive");
    }
  }

  public double weightSum() {
    return weightEngagement + weightAuthenticity + weightGrowth + weightActivity + weightPaid;
  }

  public static DiscoveryConfig defaults() {
    return from(Settings.empty());
  }

  public static DiscoveryConfig from(Settings s) {
    return new DiscoveryConfig(s.get(WEIGHT_ENGAGEMENT), s.get(WEIGHT_AUTHENTICITY), s.get(WEIGHT_GROWTH),
        s.get(WEIGHT_ACTIVITY), s.get(WEIGHT_PAID), s.get(SHRINKAGE_POSTS), s.get(EXCLUDE_MIN_SEVERITY),
        s.get(RANK_EMERGING), s.get(EXCLUDE_UNEXPLAINED_RISES));
  }
}
