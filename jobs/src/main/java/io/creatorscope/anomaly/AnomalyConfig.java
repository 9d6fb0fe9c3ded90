package io.creatorscope.anomaly;

import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.Set;

/**
 * Thresholds of the growth-anomaly job. The README explains the reasoning behind every default.
 *
 * @param historyDays days of follower history (up to the as-of date) that are examined
 * @param baselineSnapshots trailing snapshots forming a creator's own baseline (median and MAD of daily change)
 * @param minBaselineSnapshots changes needed in the baseline before a day can be flagged
 * @param zThreshold |robust z| a change must reach against the creator's own history
 * @param minAbsoluteChange followers a change must move at least (tiny accounts are noise)
 * @param minRelativeChange share of followers a change must move at least
 * @param minRelativeScale floor of the robust scale (relative change per day) when a history is flat
 * @param dropMinRelative share of followers a loss must reach to be a purge, not a slow decay
 * @param surgeZ a jump counts as organic when the best post in the surge window has at least this modified
 *     z-score of log ER among the creator's own posts
 * @param surgeMinRatio ... and at least this multiple of the creator's median post ER: viral means several times
 *     the usual engagement; for a creator whose posts all do much the same, a post 1.5x its median is already a
 *     robust outlier, and a chance post 3-4x the median must not excuse bought followers
 * @param surgeDays days before the jump searched for such a post
 * @param spreadZ a rise after a surge is organic only when it spreads over more than one snapshot: the change just
 *     before or just after it reaches this robust z against the same baseline. Followers won by a viral post keep
 *     arriving while it circulates; a delivery of bought followers that happens to follow a lucky post lands at once
 * @param unexplainedZ a rise past the floors from this robust z up to zThreshold that no spread surge explains is
 *     reported as unexplained_rise: too weak to call bought, too unusual to rank on trust (the textbook modified
 *     z-score cut-off)
 * @param churnMinAbsolute a following jump must add at least this many accounts to be follow/unfollow churn
 * @param churnMinRelative ... and at least this share of the following count
 * @param churnRevertShare ... and this share of the jump must be gone again within churnRevertDays
 * @param churnRevertDays days in which the following count must fall back
 * @param authenticityDays days before the as-of date whose flags count in creator_authenticity
 */
public record AnomalyConfig(
    int historyDays, int baselineSnapshots, int minBaselineSnapshots, double zThreshold, long minAbsoluteChange,
    double minRelativeChange, double minRelativeScale, double dropMinRelative, double surgeZ, double surgeMinRatio,
    int surgeDays, double spreadZ, double unexplainedZ,
    long churnMinAbsolute, double churnMinRelative, double churnRevertShare, int churnRevertDays,
    int authenticityDays) {

  public static final String PREFIX = "anomaly.";
  public static final Set<String> KEYS = Set.of(
      "anomaly.history_days", "anomaly.baseline_snapshots", "anomaly.min_baseline_snapshots", "anomaly.z_threshold",
      "anomaly.min_absolute_change", "anomaly.min_relative_change", "anomaly.min_relative_scale",
      "anomaly.drop_min_relative", "anomaly.surge_z", "anomaly.surge_min_ratio", "anomaly.surge_days",
      "anomaly.spread_z", "anomaly.unexplained_z", "anomaly.churn_min_absolute",
      "anomaly.churn_min_relative", "anomaly.churn_revert_share", "anomaly.churn_revert_days",
      "anomaly.authenticity_days");

  public AnomalyConfig {
    require(historyDays >= 14, "anomaly.history_days must be at least 14");
    require(baselineSnapshots >= 5, "anomaly.baseline_snapshots must be at least 5");
    require(minBaselineSnapshots >= 3 && minBaselineSnapshots <= baselineSnapshots,
        "anomaly.min_baseline_snapshots must be between 3 and anomaly.baseline_snapshots");
    require(zThreshold > 0, "anomaly.z_threshold must be positive");
    require(minAbsoluteChange >= 0, "anomaly.min_absolute_change must be 0 or more");
    require(minRelativeChange >= 0, "anomaly.min_relative_change must be 0 or more");
    require(minRelativeScale > 0, "anomaly.min_relative_scale must be positive");
    require(dropMinRelative > 0 && dropMinRelative < 1, "anomaly.drop_min_relative must be between 0 and 1");
    require(surgeZ > 0, "anomaly.surge_z must be positive");
    require(surgeMinRatio >= 1, "anomaly.surge_min_ratio must be at least 1");
    require(surgeDays >= 0, "anomaly.surge_days must be 0 or more");
    require(spreadZ > 0, "anomaly.spread_z must be positive");
    require(unexplainedZ > 0 && unexplainedZ <= zThreshold,
        "anomaly.unexplained_z must be positive and at most anomaly.z_threshold");
    require(churnMinAbsolute >= 0, "anomaly.churn_min_absolute must be 0 or more");
    require(churnMinRelative >= 0, "anomaly.churn_min_relative must be 0 or more");
    require(churnRevertShare > 0 && churnRevertShare <= 1, "anomaly.churn_revert_share must be in (0, 1]");
    require(churnRevertDays >= 1, "anomaly.churn_revert_days must be at least 1");
    require(authenticityDays >= 1, "anomaly.authenticity_days must be at least 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new UserError(message);
    }
  }

  public static AnomalyConfig defaults() {
    return from(Settings.empty());
  }

  public static AnomalyConfig from(Settings s) {
    return new AnomalyConfig(
        s.getInt("anomaly.history_days", 90),
        s.getInt("anomaly.baseline_snapshots", 60),
        s.getInt("anomaly.min_baseline_snapshots", 10),
        s.getDouble("anomaly.z_threshold", 5.0),
        s.getInt("anomaly.min_absolute_change", 50),
        s.getDouble("anomaly.min_relative_change", 0.02),
        s.getDouble("anomaly.min_relative_scale", 0.0005),
        s.getDouble("anomaly.drop_min_relative", 0.03),
        s.getDouble("anomaly.surge_z", 3.0),
        s.getDouble("anomaly.surge_min_ratio", 5.0),
        s.getInt("anomaly.surge_days", 3),
        s.getDouble("anomaly.spread_z", 1.0),
        s.getDouble("anomaly.unexplained_z", 3.5),
        s.getInt("anomaly.churn_min_absolute", 500),
        s.getDouble("anomaly.churn_min_relative", 0.2),
        s.getDouble("anomaly.churn_revert_share", 0.5),
        s.getInt("anomaly.churn_revert_days", 10),
        s.getInt("anomaly.authenticity_days", 90));
  }
}
