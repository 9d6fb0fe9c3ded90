package io.creatorscope.anomaly;

import io.creatorscope.common.ChangedDays;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Which days of its history an anomalies run judges. A day's flags are final {@code settledAfterDays} after it
 * ({@link GrowthAnomalyJob#settledAfterDays}) as long as the data of the days it reads does not change: a run
 * judges the days the previous run had not settled, and the days within as many days before data that changed
 * since (a re-delivered snapshot day, a post observed again), and carries the flags of the other days of its history
 * from the previous run's partition. Every day is judged when there is nothing to carry: no previous run, one with
 * other settings, a full ingest since, or nothing settled in between.
 *
 * @param asOf the run's as-of date
 * @param from the first day judged; the flags of the history's days before it are carried
 * @param previous the newest earlier as-of date with published flags (whose first_reported dates carry over), or
 *     null
 * @param historyFrom the first day of the history
 * @param why why every day is judged, when it is
 */
public record JudgedDays(LocalDate asOf, LocalDate from, LocalDate previous, LocalDate historyFrom, String why) {

  /** What the previous run's flags are, as this run sees them. */
  public record Previous(LocalDate asOf, boolean recorded, boolean sameSettings, ChangedDays changedSince) {}

  /**
   * The days a run of {@code asOf} judges.
   *
   * @param previous the newest earlier run's flags, or null when there is none
   */
  public static JudgedDays plan(LocalDate asOf, int historyDays, int settledAfterDays, Previous previous) {
    LocalDate historyFrom = asOf.minusDays(historyDays - 1L);
    if (previous == null) {
      return new JudgedDays(asOf, historyFrom, null, historyFrom, "no earlier flags");
    }
    LocalDate p = previous.asOf();
    String whyAll = !previous.recorded() ? "the flags of " + p + " do not record their settings"
        : !previous.sameSettings() ? "the anomaly or engagement settings differ from those of " + p
        : previous.changedSince().all() ? "a full ingest since the flags of " + p
        : null;
    if (whyAll != null) {
      return new JudgedDays(asOf, historyFrom, p, historyFrom, whyAll);
    }
    // The days whose look-ahead reached past the previous run's data, and those whose windows reach changed data.
    LocalDate from = p.plusDays(1L - settledAfterDays);
    LocalDate changed = previous.changedSince().from();
    if (changed != null && changed.minusDays(settledAfterDays).isBefore(from)) {
      from = changed.minusDays(settledAfterDays);
    }
    if (!from.isAfter(historyFrom)) {
      return new JudgedDays(asOf, historyFrom, p, historyFrom, "no day of the history was settled in the flags of "
          + p + (changed == null ? "" : " and unchanged since (data changed from " + changed + ")"));
    }
    return new JudgedDays(asOf, from, p, historyFrom, null);
  }

  /** The number of days judged, up to the as-of date. */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, asOf) + 1;
  }

  /** Whether the flags of some days are carried from the previous run. */
  public boolean carries() {
    return from.isAfter(historyFrom);
  }

  /** For the progress line. */
  @Override
  public String toString() {
    return carries()
        ? "judges the " + days() + " days from " + from + "; the flags of the days before carried from " + previous
        : "judges every day of the history (" + why + ")";
  }
}
