package io.creatorscope.discovery;

import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
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

  public static final Set<String> KEYS = Set.of("discovery.weight_engagement", "discovery.weight_authenticity",
      "discovery.weight_growth", "discovery.weight_activity", "discovery.weight_paid", "discovery.shrinkage_posts",
      "discovery.exclude_min_severity", "discovery.rank_emerging", "discovery.exclude_unexplained_rises");

  public DiscoveryConfig {
    for (double w : new double[] {weightEngagement, weightAuthenticity, weightGrowth, weightActivity, weightPaid}) {
      if (w < 0) {
        throw new UserError("discovery weights must be 0 or more");
      }
    }
    if (weightEngagement + weightAuthenticity + weightGrowth + weightActivity + weightPaid <= 0) {
      throw new UserError("at least one discovery weight must be positive");
    }
    if (shrinkagePosts < 0) {
      throw new UserError("discovery.shrinkage_posts must be 0 or more");
    }
  }

  public double weightSum() {
    return weightEngagement + weightAuthenticity + weightGrowth + weightActivity + weightPaid;
  }

  public static DiscoveryConfig defaults() {
    return from(Settings.empty());
  }

  public static DiscoveryConfig from(Settings s) {
    return new DiscoveryConfig(
        s.getDouble("discovery.weight_engagement", 0.35),
        s.getDouble("discovery.weight_authenticity", 0.25),
        s.getDouble("discovery.weight_growth", 0.15),
        s.getDouble("discovery.weight_activity", 0.15),
        s.getDouble("discovery.weight_paid", 0.10),
        s.getDouble("discovery.shrinkage_posts", 10),
        s.getDouble("discovery.exclude_min_severity", 0.1),
        Boolean.parseBoolean(s.getString("discovery.rank_emerging", "false")),
        Boolean.parseBoolean(s.getString("discovery.exclude_unexplained_rises", "true")));
  }
}
