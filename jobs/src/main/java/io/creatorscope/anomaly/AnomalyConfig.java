package io.creatorscope.anomaly;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.List;
import java.util.Set;

/**
 * Thresholds of the growth-anomaly job. docs/anomalies.md explains the reasoning behind every default.
 *
 * @param historyDays days of follower history (up to the as-of date) that are examined
 * @param baselineSnapshots trailing snapshots forming a creator's own baseline (median and MAD of daily change)
 * @param minBaselineSnapshots changes needed in the baseline before a day can be flagged
 * @param zThreshold |robust z| a change must reach against the creator's own history
 * @param minAbsoluteChange followers a change must move at least (tiny accounts are noise)
 * @param minRelativeChange share of followers a change must move at least
 * @param minRelativeScale floor of the robust scale (relative change per day) when a history is flat
 * @param dropMinRelative share of followers a loss must reach to be a purge, not a slow decay
 * @param surgeZ a viral post explains a rise only when the best post in the surge window has at least this
 *     modified z-score of log ER among the creator's own posts; 0 (the default) leaves it to the reach test
 * @param surgeMinRatio ... and at least this multiple of the creator's median post ER; 1 (the default) leaves it
 *     to the reach test: a post twice the usual may explain the few followers it can bring, not more
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
 * @param riseDays days over which a multi-day rise adds up its gain (a drip-fed purchase is delivered over 2-7)
 * @param riseZ robust z the cumulative gain of those days must reach against the creator's own trend over as many
 *     days
 * @param followsPerInteraction most followers a viral post wins per interaction it draws above the usual: a rise
 *     after a surge larger than that is not explained by it
 * @param decayMinShare share of a rise's gain that must be gone 7-21 days later to count as purged followers
 * @param dilutionDays days of posts before the surge window and after a rise compared for dilution
 * @param usualErDays days of posts before a snapshot which, with the dilutionDays after it, give the creator's
 *     usual ER then (median and MAD of log ER): what the best recent post is measured against, and the post-to-post
 *     scale of the dilution test
 * @param dilutionZ how many standard errors interactions per post must fall short of following the followers to
 *     count as diluted
 * @param boughtShareZero share of today's followers gained in suspicious spikes at which the spike component is 0
 * @param dropPenalty what each drop takes off the drop component
 * @param churnPenalty what each follow churn takes off the churn component
 * @param erZero ER against peers at or below which the engagement component is 0 (a dead audience)
 * @param erFull ER against peers from which the engagement component is 1
 */
public record AnomalyConfig(
    int historyDays, int baselineSnapshots, int minBaselineSnapshots, double zThreshold, long minAbsoluteChange,
    double minRelativeChange, double minRelativeScale, double dropMinRelative, double surgeZ, double surgeMinRatio,
    int surgeDays, double spreadZ, double unexplainedZ,
    long churnMinAbsolute, double churnMinRelative, double churnRevertShare, int churnRevertDays,
    int authenticityDays, int riseDays, double riseZ, double followsPerInteraction, double decayMinShare, int dilutionDays,
    int usualErDays, double dilutionZ, double boughtShareZero, double dropPenalty, double churnPenalty, double erZero,
    double erFull) {

  public static final String PREFIX = "anomaly.";
  /** Longest history a days setting may ask for: ten years of daily snapshots. */
  static final long MAX_DAYS = 3650;

  public static final ConfigKey.Whole HISTORY_DAYS = new ConfigKey.Whole("anomaly.history_days", 90L, 14, MAX_DAYS);
  public static final ConfigKey.Whole BASELINE_SNAPSHOTS =
      new ConfigKey.Whole("anomaly.baseline_snapshots", 60L, 5, MAX_DAYS);
  /** At most anomaly.baseline_snapshots too, checked by the record. */
  public static final ConfigKey.Whole MIN_BASELINE_SNAPSHOTS =
      new ConfigKey.Whole("anomaly.min_baseline_snapshots", 10L, 3, MAX_DAYS);
  public static final ConfigKey.Decimal Z_THRESHOLD = new ConfigKey.Decimal("anomaly.z_threshold", 5.0, "(0, inf)");
  public static final ConfigKey.Whole MIN_ABSOLUTE_CHANGE =
      new ConfigKey.Whole("anomaly.min_absolute_change", 50L, 0, Long.MAX_VALUE);
  public static final ConfigKey.Decimal MIN_RELATIVE_CHANGE =
      new ConfigKey.Decimal("anomaly.min_relative_change", 0.02, "[0, inf)");
  public static final ConfigKey.Decimal MIN_RELATIVE_SCALE =
      new ConfigKey.Decimal("anomaly.min_relative_scale", 0.0005, "(0, inf)");
  public static final ConfigKey.Decimal DROP_MIN_RELATIVE =
      new ConfigKey.Decimal("anomaly.drop_min_relative", 0.03, "(0, 1)");
  public static final ConfigKey.Decimal SURGE_Z = new ConfigKey.Decimal("anomaly.surge_z", 0.0, "[0, inf)");
  public static final ConfigKey.Decimal SURGE_MIN_RATIO =
      new ConfigKey.Decimal("anomaly.surge_min_ratio", 1.0, "[1, inf)");
  public static final ConfigKey.Whole SURGE_DAYS = new ConfigKey.Whole("anomaly.surge_days", 3L, 0, MAX_DAYS);
  public static final ConfigKey.Decimal SPREAD_Z = new ConfigKey.Decimal("anomaly.spread_z", 1.0, "(0, inf)");
  /** At most anomaly.z_threshold too, checked by the record. */
  public static final ConfigKey.Decimal UNEXPLAINED_Z =
      new ConfigKey.Decimal("anomaly.unexplained_z", 3.5, "(0, inf)");
  public static final ConfigKey.Whole CHURN_MIN_ABSOLUTE =
      new ConfigKey.Whole("anomaly.churn_min_absolute", 500L, 0, Long.MAX_VALUE);
  public static final ConfigKey.Decimal CHURN_MIN_RELATIVE =
      new ConfigKey.Decimal("anomaly.churn_min_relative", 0.2, "[0, inf)");
  public static final ConfigKey.Decimal CHURN_REVERT_SHARE =
      new ConfigKey.Decimal("anomaly.churn_revert_share", 0.5, "(0, 1]");
  public static final ConfigKey.Whole CHURN_REVERT_DAYS =
      new ConfigKey.Whole("anomaly.churn_revert_days", 10L, 1, MAX_DAYS);
  public static final ConfigKey.Whole AUTHENTICITY_DAYS =
      new ConfigKey.Whole("anomaly.authenticity_days", 90L, 1, MAX_DAYS);

  public static final ConfigKey.Whole RISE_DAYS = new ConfigKey.Whole("anomaly.rise_days", 7L, 2, 60);
  public static final ConfigKey.Decimal RISE_Z = new ConfigKey.Decimal("anomaly.rise_z", 5.0, "(0, inf)");
  public static final ConfigKey.Decimal FOLLOWS_PER_INTERACTION =
      new ConfigKey.Decimal("anomaly.follows_per_interaction", 0.35, "(0, inf)");
  public static final ConfigKey.Decimal DECAY_MIN_SHARE =
      new ConfigKey.Decimal("anomaly.decay_min_share", 0.15, "(0, 1]");
  public static final ConfigKey.Whole DILUTION_DAYS = new ConfigKey.Whole("anomaly.dilution_days", 14L, 1, 365);
  public static final ConfigKey.Whole USUAL_ER_DAYS = new ConfigKey.Whole("anomaly.usual_er_days", 30L, 7, 365);
  public static final ConfigKey.Decimal DILUTION_Z = new ConfigKey.Decimal("anomaly.dilution_z", 3.0, "(0, inf)");
  public static final ConfigKey.Decimal AUTHENTICITY_BOUGHT_SHARE_ZERO =
      new ConfigKey.Decimal("anomaly.authenticity_bought_share_zero", 0.25, "(0, 1]");
  public static final ConfigKey.Decimal AUTHENTICITY_DROP_PENALTY =
      new ConfigKey.Decimal("anomaly.authenticity_drop_penalty", 0.25, "[0, 1]");
  public static final ConfigKey.Decimal AUTHENTICITY_CHURN_PENALTY =
      new ConfigKey.Decimal("anomaly.authenticity_churn_penalty", 0.3, "[0, 1]");
  public static final ConfigKey.Decimal AUTHENTICITY_ER_ZERO =
      new ConfigKey.Decimal("anomaly.authenticity_er_zero", 0.2, "(0, inf)");
  /** Above anomaly.authenticity_er_zero, checked by the record. */
  public static final ConfigKey.Decimal AUTHENTICITY_ER_FULL =
      new ConfigKey.Decimal("anomaly.authenticity_er_full", 0.5, "(0, inf)");

  public static final List<ConfigKey<?>> ALL = List.of(HISTORY_DAYS, BASELINE_SNAPSHOTS, MIN_BASELINE_SNAPSHOTS,
      Z_THRESHOLD, MIN_ABSOLUTE_CHANGE, MIN_RELATIVE_CHANGE, MIN_RELATIVE_SCALE, DROP_MIN_RELATIVE, SURGE_Z,
      SURGE_MIN_RATIO, SURGE_DAYS, SPREAD_Z, UNEXPLAINED_Z, CHURN_MIN_ABSOLUTE, CHURN_MIN_RELATIVE,
      CHURN_REVERT_SHARE, CHURN_REVERT_DAYS, AUTHENTICITY_DAYS, RISE_DAYS, RISE_Z,
      FOLLOWS_PER_INTERACTION, DECAY_MIN_SHARE,
      DILUTION_DAYS, USUAL_ER_DAYS, DILUTION_Z, AUTHENTICITY_BOUGHT_SHARE_ZERO, AUTHENTICITY_DROP_PENALTY,
      AUTHENTICITY_CHURN_PENALTY, AUTHENTICITY_ER_ZERO, AUTHENTICITY_ER_FULL);
  public static final Set<String> KEYS = Settings.names(ALL);

  public AnomalyConfig {
    HISTORY_DAYS.check((long) historyDays);
    BASELINE_SNAPSHOTS.check((long) baselineSnapshots);
    MIN_BASELINE_SNAPSHOTS.check((long) minBaselineSnapshots);
    Z_THRESHOLD.check(zThreshold);
    MIN_ABSOLUTE_CHANGE.check(minAbsoluteChange);
    MIN_RELATIVE_CHANGE.check(minRelativeChange);
    MIN_RELATIVE_SCALE.check(minRelativeScale);
    DROP_MIN_RELATIVE.check(dropMinRelative);
    SURGE_Z.check(surgeZ);
    SURGE_MIN_RATIO.check(surgeMinRatio);
    SURGE_DAYS.check((long) surgeDays);
    SPREAD_Z.check(spreadZ);
    UNEXPLAINED_Z.check(unexplainedZ);
    CHURN_MIN_ABSOLUTE.check(churnMinAbsolute);
    CHURN_MIN_RELATIVE.check(churnMinRelative);
    CHURN_REVERT_SHARE.check(churnRevertShare);
    CHURN_REVERT_DAYS.check((long) churnRevertDays);
    AUTHENTICITY_DAYS.check((long) authenticityDays);
    RISE_DAYS.check((long) riseDays);
    RISE_Z.check(riseZ);
    FOLLOWS_PER_INTERACTION.check(followsPerInteraction);
    DECAY_MIN_SHARE.check(decayMinShare);
    DILUTION_DAYS.check((long) dilutionDays);
    USUAL_ER_DAYS.check((long) usualErDays);
    DILUTION_Z.check(dilutionZ);
    AUTHENTICITY_BOUGHT_SHARE_ZERO.check(boughtShareZero);
    AUTHENTICITY_DROP_PENALTY.check(dropPenalty);
    AUTHENTICITY_CHURN_PENALTY.check(churnPenalty);
    AUTHENTICITY_ER_ZERO.check(erZero);
    AUTHENTICITY_ER_FULL.check(erFull);
    if (erFull <= erZero) {
      throw new UserError(AUTHENTICITY_ER_FULL.name() + " = " + erFull + " is not allowed: expected more than "
          + AUTHENTICITY_ER_ZERO.name() + " (" + erZero + ")");
    }
    if (minBaselineSnapshots > baselineSnapshots) {
      throw new UserError(MIN_BASELINE_SNAPSHOTS.name() + " = " + minBaselineSnapshots + " is not allowed: expected "
          + "at most " + BASELINE_SNAPSHOTS.name() + " (" + baselineSnapshots + ")");
    }
    if (unexplainedZ > zThreshold) {
      throw new UserError(UNEXPLAINED_Z.name() + " = " + unexplainedZ + " is not allowed: expected at most "
          + Z_THRESHOLD.name() + " (" + zThreshold + ")");
    }
  }

  public static AnomalyConfig defaults() {
    return from(Settings.empty());
  }

  public static AnomalyConfig from(Settings s) {
    return new AnomalyConfig(
        Math.toIntExact(s.get(HISTORY_DAYS)),
        Math.toIntExact(s.get(BASELINE_SNAPSHOTS)),
        Math.toIntExact(s.get(MIN_BASELINE_SNAPSHOTS)),
        s.get(Z_THRESHOLD),
        s.get(MIN_ABSOLUTE_CHANGE),
        s.get(MIN_RELATIVE_CHANGE),
        s.get(MIN_RELATIVE_SCALE),
        s.get(DROP_MIN_RELATIVE),
        s.get(SURGE_Z),
        s.get(SURGE_MIN_RATIO),
        Math.toIntExact(s.get(SURGE_DAYS)),
        s.get(SPREAD_Z),
        s.get(UNEXPLAINED_Z),
        s.get(CHURN_MIN_ABSOLUTE),
        s.get(CHURN_MIN_RELATIVE),
        s.get(CHURN_REVERT_SHARE),
        Math.toIntExact(s.get(CHURN_REVERT_DAYS)),
        Math.toIntExact(s.get(AUTHENTICITY_DAYS)),
        Math.toIntExact(s.get(RISE_DAYS)),
        s.get(RISE_Z),
        s.get(FOLLOWS_PER_INTERACTION),
        s.get(DECAY_MIN_SHARE),
        Math.toIntExact(s.get(DILUTION_DAYS)),
        Math.toIntExact(s.get(USUAL_ER_DAYS)),
        s.get(DILUTION_Z),
        s.get(AUTHENTICITY_BOUGHT_SHARE_ZERO),
        s.get(AUTHENTICITY_DROP_PENALTY),
        s.get(AUTHENTICITY_CHURN_PENALTY),
        s.get(AUTHENTICITY_ER_ZERO),
        s.get(AUTHENTICITY_ER_FULL));
  }
}
