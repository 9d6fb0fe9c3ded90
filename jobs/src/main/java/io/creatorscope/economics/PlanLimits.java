package io.creatorscope.economics;

import io.creatorscope.common.UserError;

/**
 * What a campaign plan may spend and how it must spread: the budget (never exceeded at the creators' high prices),
 * at most {@code maxCreators} creators, none costing more than {@code maxShare} of the budget at its high price, and
 * at most {@code maxPerCountry} / {@code maxPerNiche} creators of one country / niche (0 = no limit).
 */
public record PlanLimits(double budgetUsd, int maxCreators, double maxShare, int maxPerCountry, int maxPerNiche) {
  public static final int MAX_CREATORS_DEFAULT = 20;
  public static final double MAX_SHARE_DEFAULT = 0.5;

  public PlanLimits {
    if (!(budgetUsd > 0) || Double.isInfinite(budgetUsd)) {
      throw new UserError("--budget must be a positive number of USD, got " + budgetUsd);
    }
    if (maxCreators < 1) {
      throw new UserError("--max-creators must be at least 1, got " + maxCreators);
    }
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new UserError("--max-share must be above 0 and at most 1, got " + maxShare);
    }
    if (maxPerCountry < 0 || maxPerNiche < 0) {
      throw new UserError("--max-per-country and --max-per-niche must be 0 (no limit) or more");
    }
  }

  /** The most one creator may cost at its high price. */
  public double maxPriceUsd() {
    return budgetUsd * maxShare;
  }
}
