package io.creatorscope.bench;

import java.util.Map;

/** Compares two engagement distributions group by group (key: platform/tier/niche). */
public final class DistributionComparison {
  private DistributionComparison() {}

  /** One platform x tier x niche group: its rated creators and median creator ER. */
  public record Group(long ratedCreators, double p50) {}

  /** The key both sides use for a group. */
  public static String key(String platform, String tier, String niche) {
    return platform + "/" + tier + "/" + niche;
  }

  public static ScaleResult.Comparison compare(Map<String, Group> ours, Map<String, Group> duckdb) {
    int shared = 0;
    int countsDiffer = 0;
    int within = 0;
    double maxAbs = 0;
    for (Map.Entry<String, Group> e : ours.entrySet()) {
      Group theirs = duckdb.get(e.getKey());
      if (theirs == null) {
        continue;
      }
      shared++;
      Group mine = e.getValue();
      if (mine.ratedCreators() != theirs.ratedCreators()) {
        countsDiffer++;
      }
      double diff = Math.abs(mine.p50() - theirs.p50());
      maxAbs = Math.max(maxAbs, diff);
      if (diff <= 0.1 * Math.abs(theirs.p50())) {
        within++;
      }
    }
    return new ScaleResult.Comparison(ours.size(), duckdb.size(), shared, countsDiffer, maxAbs,
        shared == 0 ? 0 : (double) within / shared);
  }
}
