package io.creatorscope.engagement;

import java.util.List;

/**
 * Published Instagram engagement-rate medians by follower count (Markerly 2016): the report draws them as the
 * reference line of its per-tier box plots, and the generator shapes its synthetic creators' ER after them.
 */
public final class PublishedEr {
  /** The platform the figures were measured on. */
  public static final String PLATFORM = "instagram";
  /** Where the figures come from, as the report's text cites it. */
  public static final String SOURCE = "Markerly 2016, Instagram median ER";

  /** A published median ER of accounts with followers in [minFollowers, maxFollowers); no upper bound when null. */
  public record Median(long minFollowers, Long maxFollowers, double medianEr) {}

  /** ~8% for Instagram accounts under 1k followers. */
  public static final Median UNDER_1K = new Median(0, 1_000L, 0.08);
  /** ~4% at 1k-10k followers. */
  public static final Median FROM_1K_TO_10K = new Median(1_000, 10_000L, 0.04);
  /** ~2.4% at 10k-100k followers. */
  public static final Median FROM_10K_TO_100K = new Median(10_000, 100_000L, 0.024);
  /**
   * ~1.7% at 1M-10M followers. Applied to every account of 1M or more (accounts above 10M are rare). Markerly
   * published no figure for 100k-1M.
   */
  public static final Median FROM_1M = new Median(1_000_000, null, 0.017);

  public static final List<Median> MARKERLY_INSTAGRAM = List.of(UNDER_1K, FROM_1K_TO_10K, FROM_10K_TO_100K, FROM_1M);

  private PublishedEr() {}
}
