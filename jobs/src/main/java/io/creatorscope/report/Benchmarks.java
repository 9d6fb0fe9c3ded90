package io.creatorscope.report;

import io.creatorscope.engagement.TierScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published Instagram engagement-rate medians by follower count, drawn as the reference line of the per-tier box
 * plots. They are Instagram figures, so the report draws them for instagram only: other platforms differ a lot
 * (TikTok far higher), and newer reports give lower figures, so the line is a landmark, not a target.
 */
public final class Benchmarks {
  /** The platform the figures were measured on. */
  public static final String PLATFORM = "instagram";

  /** Where the figures come from, as the report's text cites it. */
  public static final String SOURCE = "Markerly 2016, Instagram median ER";
  /** The line's label in the chart legend. */
  public static final String LABEL = "Markerly 2016 median";

  /** A published median ER of accounts with followers in [minFollowers, maxFollowers); no upper bound when null. */
  public record Benchmark(long minFollowers, Long maxFollowers, double medianEr) {}

  /** Markerly (2016): ~8% for Instagram accounts under 1k followers. */
  public static final Benchmark MARKERLY_UNDER_1K = new Benchmark(0, 1_000L, 0.08);
  /** Markerly (2016): ~4% at 1k-10k followers. */
  public static final Benchmark MARKERLY_1K_10K = new Benchmark(1_000, 10_000L, 0.04);
  /** Markerly (2016): ~2.4% at 10k-100k followers. */
  public static final Benchmark MARKERLY_10K_100K = new Benchmark(10_000, 100_000L, 0.024);
  /**
   * Markerly (2016): ~1.7% at 1M-10M followers. Applied to every account of 1M or more (accounts above 10M are
   * rare). Markerly published no figure for 100k-1M, so a tier in that range gets no line.
   */
  public static final Benchmark MARKERLY_1M_PLUS = new Benchmark(1_000_000, null, 0.017);

  public static final List<Benchmark> MARKERLY_INSTAGRAM =
      List.of(MARKERLY_UNDER_1K, MARKERLY_1K_10K, MARKERLY_10K_100K, MARKERLY_1M_PLUS);

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
      for (Benchmark b : MARKERLY_INSTAGRAM) {
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
