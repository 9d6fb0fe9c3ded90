package io.creatorscope.report;

import io.creatorscope.engagement.PublishedEr;
import io.creatorscope.engagement.TierScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference line of the per-tier box plots: the published Instagram medians ({@link PublishedEr}). They are
 * Instagram figures, so the report draws them for instagram only: other platforms differ a lot (TikTok far
 * higher), and newer reports give lower figures, so the line is a landmark, not a target.
 */
public final class Benchmarks {
  /** The line's label in the chart legend. */
  public static final String LABEL = "Markerly 2016 median";

  private Benchmarks() {}

  /**
   * The benchmark ER of each tier of a scheme whose follower range lies inside one published range; tiers that
   * straddle two ranges (e.g. the narrow scheme's mid, 50k-500k) get none rather than a made-up blend.
   */
  public static Map<String, Double> forTiers(TierScheme scheme) {
    Map<String, Double> byTier = new LinkedHashMap<>();
    List<TierScheme.Tier> tiers = scheme.tiers();
    for (int i = 0; i < tiers.size(); i++) {
      long min = tiers.get(i).minFollowers();
      Long max = i + 1 < tiers.size() ? tiers.get(i + 1).minFollowers() : null;
      for (PublishedEr.Median b : PublishedEr.MARKERLY_INSTAGRAM) {
        boolean inside = b.minFollowers() <= min
            && (b.maxFollowers() == null || (max != null && max <= b.maxFollowers()));
        if (inside) {
          byTier.put(tiers.get(i).name(), b.medianEr());
        }
      }
    }
    return byTier;
  }
}
